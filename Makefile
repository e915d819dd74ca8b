# Khabar developer tasks. `make test` is what CI runs (through .ci/run).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
KHABAR := $(VENV)/bin/khabar
# Re-install only when the project's dependency files change.
INSTALL_STAMP := $(VENV)/.khabar-installed
NODE_STAMP := node_modules/.khabar-installed
# The benchmark's peer (@neo4j/graphql on Apollo Server), its own npm project.
PEER_DIR := bench/peer
PEER_STAMP := $(PEER_DIR)/node_modules/.khabar-installed
CHROMIUM := /usr/bin/chromium

export DEBIAN_FRONTEND := noninteractive
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Browsers come from Debian (chromium); playwright-core must never download its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help install gazetteer chromium neo4j test lint run schema vendor-graphiql stop clean distclean

help:
	@echo "make install    venv + project (editable) + chromium + playwright-core"
	@echo "make neo4j      fetch the Neo4j jars (once) and start the local server"
	@echo "make test       lint and run the tests (starts the local Neo4j unless NEO4J_URI is set)"
	@echo "make run        start Neo4j, load data/ and serve the API"
	@echo "make lint | schema | stop | clean | distclean"

install: $(INSTALL_STAMP) $(NODE_STAMP) $(PEER_STAMP) chromium gazetteer

# data/gazetteer/world.json (gitignored), rebuilt when its generator or overrides change
gazetteer: data/gazetteer/world.json
data/gazetteer/world.json: extract/gazetteer.py data/gazetteer/overrides.yaml data/registry/places.yaml | $(INSTALL_STAMP)
	$(KHABAR) gazetteer build

$(INSTALL_STAMP): pyproject.toml
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: skipping playwright-core (browser checks will be unavailable)"; \
	fi

$(PEER_STAMP): $(PEER_DIR)/package.json $(PEER_DIR)/package-lock.json
	@if command -v npm >/dev/null; then \
		cd $(PEER_DIR) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.khabar-installed; \
	else \
		echo "npm not found: skipping the benchmark's peer (make bench will run without it)"; \
	fi

chromium:
	@if [ -x $(CHROMIUM) ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
		echo "apt-get not available: skipping chromium (browser checks will be unavailable)"; \
	elif [ "$$(id -u)" != 0 ]; then \
		echo "not root: skipping chromium; install it with: sudo apt-get install chromium"; \
	else \
		apt-get update -q && apt-get install -y -q --no-install-recommends chromium; \
	fi

neo4j: install
	$(KHABAR) neo4j start

test: install
	@if [ -z "$${NEO4J_URI:-}" ]; then $(KHABAR) neo4j start; fi
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -q

lint: install
	$(VENV)/bin/ruff check .

# Ctrl-C stops the API and, if this run started it, the local Neo4j.
run: install
	@started=0; \
	if [ -z "$${NEO4J_URI:-}" ] && ! $(KHABAR) neo4j status >/dev/null 2>&1; then \
		$(KHABAR) neo4j start && started=1; \
	fi; \
	trap 'if [ $$started = 1 ]; then $(KHABAR) neo4j stop; fi' EXIT; trap 'exit 130' INT TERM; \
	$(KHABAR) load --if-empty data/ && $(KHABAR) serve

schema: install
	$(KHABAR) export-schema

.PHONY: load  # 100 clients x 60 s on loopback, plus oversized-request timings (LOAD_ARGS=--neo4j-down for an outage)
load: install
	$(VENV)/bin/python -m scripts.load $(LOAD_ARGS)

.PHONY: bench  # loader/API/peer/extractor figures on a synthetic corpus at 1x and 4x; empties the database
# (BENCH_ARGS=--wipe if it holds data; BENCH_ARGS="--workers 2" for the khabar serve of the comparison)
bench: install
	$(VENV)/bin/python -m bench.run --visits 9600 --scales 1,4 $(BENCH_ARGS)

# Re-copy the playground's GraphiQL/React builds from node_modules into api/static/vendor.
vendor-graphiql: install
	scripts/vendor_graphiql.sh

stop:
	@if [ -x $(KHABAR) ]; then $(KHABAR) neo4j stop; else echo "nothing installed, nothing to stop"; fi

# Keeps .venv, node_modules and the downloaded Neo4j jars; drops the local database.
clean: stop
	rm -rf .state .pytest_cache .ruff_cache *.egg-info
	find . -path ./$(VENV) -prune -o -path ./node_modules -prune -o -name __pycache__ -type d -prune \
		-exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules .cache
