#!/bin/sh
# Container start: wait for Neo4j (NEO4J_URI), load the bundled data once, serve the API.
set -eu
khabar neo4j wait --timeout "${KHABAR_NEO4J_WAIT:-120}"
khabar load --if-empty data/
exec khabar serve --host "${KHABAR_HOST:-0.0.0.0}" --port "${KHABAR_PORT:-8000}"
