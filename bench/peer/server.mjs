// The peer in Khabar's benchmark: the same Neo4j graph served by @neo4j/graphql 7 on Apollo Server 5.
//
// Started by bench/peer.py as `node server.mjs` with PEER_PORT, NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and
// NEO4J_DATABASE in the environment; prints "peer ready on http://127.0.0.1:PORT/" once it listens.
// Property names differ where Khabar's API renames them (Visit.start is startDate: @alias).
// The type definitions map only what the benchmark's shapes read (plus a little), with the labels and
// relationship types of graph/model.py. @neo4j/graphql compiles each GraphQL operation into one Cypher
// statement; the library only reads here (no mutations are exposed).
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

// fact_text is Khabar's fulltext index over Visit|Agreement|Statement|Event searchText (graph/model.py);
// @fulltext only queries it (the library never creates an index), keeping the nodes labelled Visit.
// Person also maps the Node label: Khabar's unique id constraint is on (:Node {id}), so a lookup by id can
// use that index (with @node alone the peer would scan every Person).
const typeDefs = /* GraphQL */ `
  type Person @node(labels: ["Person", "Node"]) {
    id: ID!
    name: String!
    nameAr: String
    sortName: String
    visits: [Visit!]! @relationship(type: "MADE", direction: OUT)
    country: Country @relationship(type: "CITIZEN_OF", direction: OUT)
  }

  type Country @node {
    id: ID!
    code: String!
    name: String!
    nameAr: String
    sortName: String
    visitsHosted: [Visit!]! @relationship(type: "HOSTED_BY", direction: IN)
    visitsMade: [Visit!]! @relationship(type: "VISITOR_FROM", direction: IN)
  }

  type Place @node {
    id: ID!
    name: String!
    nameAr: String
    sortName: String
    country: Country @relationship(type: "LOCATED_IN", direction: OUT)
  }

  type Visit
    @node
    @fulltext(indexes: [{ indexName: "fact_text", queryName: "visitsFulltext", fields: ["searchText"] }]) {
    id: ID!
    startDate: String @alias(property: "start")
    endDate: String @alias(property: "end")
    status: String
    purpose: String
    sortDate: String
    searchText: String
    visitor: Person @relationship(type: "MADE", direction: IN)
    hostCountry: Country @relationship(type: "HOSTED_BY", direction: OUT)
    visitorCountry: Country @relationship(type: "VISITOR_FROM", direction: OUT)
    destination: Place @relationship(type: "DESTINATION", direction: OUT)
  }

  type Agreement @node {
    id: ID!
    name: String!
    kind: String
    signedOn: String
    sortDate: String
    signedDuring: Visit @relationship(type: "SIGNED_DURING", direction: OUT)
  }

  extend schema @query(read: true, aggregate: true) @mutation(operations: [])
`;

const env = process.env;
const driver = neo4j.driver(
  env.NEO4J_URI || "bolt://127.0.0.1:7697",
  neo4j.auth.basic(env.NEO4J_USER || "neo4j", env.NEO4J_PASSWORD || "khabar-dev-password"),
);
const database = env.NEO4J_DATABASE || "neo4j";
const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const server = new ApolloServer({ schema: await neoSchema.getSchema() });
const port = Number(env.PEER_PORT || 4000);
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port },
  context: async () => ({ sessionConfig: { database } }),
});
console.log(`peer ready on ${url}`);

async function shutdown() {
  await server.stop();
  await driver.close();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
