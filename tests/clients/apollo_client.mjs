// Apollo Client (npm) against the running Khabar API, the way a front end uses it: queries over HTTP with the
// API key header, `factsAdded` through graphql-ws with the key in connection_init. Driven by
// tests/test_apollo_client.py, which reads one JSON object per line from stdout and answers on stdin.
//
//   KHABAR_URL=http://127.0.0.1:8000 KHABAR_API_KEY=... node tests/clients/apollo_client.mjs
//
//   KHABAR_ARTICLE=TEXT (optional): once the test says go on stdin, submit it with ingestArticle (an editor key)
//
// Lines out: {"step":"query",...} {"step":"badFilter",...} {"step":"subscribed"} then, once a line arrives on
// stdin (the test's poller is ready, or it wrote an article itself), {"step":"ingested",...} when KHABAR_ARTICLE
// is set, and {"step":"fact",...} with the first fact pushed; {"step":"failed",...} on error.
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

const INGEST = gql`
  mutation Ingest($input: IngestArticleInput!) {
    ingestArticle(input: $input) { created article { id } facts { __typename id } }
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
  // GraphQL errors (CombinedGraphQLErrors), or an HTTP refusal (ServerError: 401, 503...) whose body is
  // GraphQL-shaped too
  let errors = error?.errors ?? (Array.isArray(error) ? error : [error]);
  if (error?.statusCode && error?.bodyText) {
    try { errors = JSON.parse(error.bodyText).errors; } catch { /* not JSON: keep the error itself */ }
  }
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
  await lines.next(); // the server's poller holds the subscription
  const article = process.env.KHABAR_ARTICLE;
  let answered = null;
  if (article) {
    const { data, error } = await client.mutate({ mutation: INGEST, variables: { input: { text: article } } });
    answered = performance.now();
    say({ step: "ingested", data: data ?? null, errors: error ? described(error) : [] });
  }
  const result = await fact;
  const arrived = performance.now();
  say({
    step: "fact", data: result.data ?? null, errors: result.error ? described(result.error) : [],
    // after the mutation's answer (negative: the fact came first); null when the test wrote the article itself
    afterAnswerMs: answered === null ? null : arrived - answered,
  });
  stdin.close();
} catch (error) {
  say({ step: "failed", status: error?.statusCode ?? null, message: String(error?.message ?? error),
        errors: described(error) });
  process.exitCode = 1;
} finally {
  await wsClient.dispose();
  client.stop();
}
