// Apollo Client (npm) against the running Khabar API, the way a front end uses it: queries over HTTP with the
// API key header, `factsAdded` through graphql-ws with the key in connection_init. Driven by
// tests/test_apollo_client.py, which reads one JSON object per line from stdout and answers on stdin.
//
//   KHABAR_URL=http://127.0.0.1:8000 KHABAR_API_KEY=... node tests/clients/apollo_client.mjs
//
// Lines out: {"step":"query",...} {"step":"badFilter",...} {"step":"subscribed"} then, once a line
// arrives on stdin (the test has written an article), {"step":"fact",...}; {"step":"failed",...} on error.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { getMainDefinition } from "@apollo/client/utilities";
import { createClient } from "graphql-ws";
import { createInterface } from "node:readline";
import WebSocket from "ws";

// Node 20 has no global WebSocket; graphql-ws takes ws's, and Apollo's link reads WebSocket.CLOSED on errors.
globalThis.WebSocket ??= WebSocket;

const url = process.env.KHABAR_URL;
const key = process.env.KHABAR_API_KEY;
const say = (line) => process.stdout.write(JSON.stringify(line) + "\n");

const httpLink = new HttpLink({ uri: `${url}/graphql`, headers: { "X-API-Key": key } });
const wsClient = createClient({
  url: `${url.replace(/^http/, "ws")}/graphql`,
  webSocketImpl: WebSocket,
  connectionParams: { "X-API-Key": key },
  retryAttempts: 0,
});
const link = ApolloLink.split(
  ({ query }) => {
    const definition = getMainDefinition(query);
    return definition.kind === "OperationDefinition" && definition.operation === "subscription";
  },
  new GraphQLWsLink(wsClient),
  httpLink,
);
const client = new ApolloClient({
  link,
  // codegen's possibleTypes (fragment-matcher) would give these; the Fact and Entity interfaces need them
  cache: new InMemoryCache({
    possibleTypes: {
      Fact: ["Visit", "Agreement", "Statement", "Event"],
      Entity: ["Person", "Country", "Organization", "Place"],
      Node: ["Person", "Country", "Organization", "Place", "Visit", "Agreement", "Statement", "Event", "Article"],
    },
  }),
});

const VISITS = gql`
  query Visits($host: String!) {
    visits(hostCountry: $host, first: 2) { totalCount edges { node { id visitor { id name } hostCountry { code } } } }
  }
`;
const FACTS = gql`
  subscription Facts($country: String, $kind: [FactKind!]) {
    factsAdded(country: $country, kind: $kind) {
      __typename id
      sources { quote start end article { id } }
      ... on Visit { status visitor { id name } hostCountry { code } }
    }
  }
`;

function firstResult(variables) {
  // The first result of a subscription: {data} or {error}.
  return new Promise((resolve) => {
    const subscription = client.subscribe({ query: FACTS, variables }).subscribe({
      next: (result) => { subscription.unsubscribe(); resolve(result); },
      error: (error) => resolve({ error }),
    });
  });
}

function described(error) {
  const errors = error?.errors ?? (Array.isArray(error) ? error : [error]);
  return errors.map((e) => ({ message: e?.message, code: e?.extensions?.code, argument: e?.extensions?.argument }));
}

try {
  const { data } = await client.query({ query: VISITS, variables: { host: "KP" } });
  say({ step: "query", data });

  const bad = await firstResult({ country: "XX" });
  say({ step: "badFilter", errors: bad.error ? described(bad.error) : [], data: bad.data ?? null });

  const stdin = createInterface({ input: process.stdin });
  const lines = stdin[Symbol.asyncIterator]();
  const fact = firstResult({ country: "KP", kind: ["VISIT"] });
  say({ step: "subscribed" });
  await lines.next(); // the test wrote an article
  const result = await fact;
  say({ step: "fact", data: result.data ?? null, errors: result.error ? described(result.error) : [] });
  stdin.close();
} catch (error) {
  say({ step: "failed", message: String(error?.message ?? error), errors: described(error) });
  process.exitCode = 1;
} finally {
  await wsClient.dispose();
  client.stop();
}
