"""Load and abuse figures for the API (`make load`): starts `khabar serve` on a loopback port, runs N
concurrent clients for T seconds (both bounded), prints requests, errors by code and p50/p95/p99.

    python -m scripts.load --clients 100 --seconds 60           # the database as configured
    python -m scripts.load --neo4j-down --clients 20 --seconds 10  # the API pointed at a closed port

It also times the refusal of a 900 KB search and a 5 MB variable. Loopback only: it never targets
another host. Expects the database loaded (make run / khabar load data/).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from api.server import free_port

MAX_CLIENTS, MAX_SECONDS = 200, 120
QUERIES = (
    '{ country(code: "KP") { name capital { name } } }',
    '{ visits(first: 10) { totalCount edges { node { startDate status visitor { name } hostCountry { code } } } } }',
    '{ search(query: "بيونغ يانغ", first: 5) { totalCount edges { node { kind highlighted } } } }',
    '{ relations(countryA: "RU", countryB: "KP") { total counts { kind direction count } } }',
    '{ timeline(entity: "person:vladimir-putin", first: 10) { totalCount edges { date node { __typename id } } } }',
)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def client_loop(http: httpx.AsyncClient, index: int, deadline: float, latencies: list[float],
                      outcomes: collections.Counter[str]) -> None:
    n = index
    while time.monotonic() < deadline:
        query = QUERIES[n % len(QUERIES)]
        n += 1
        started = time.monotonic()
        try:
            response = await http.post("/graphql", json={"query": query})
            body = response.json()
            codes = sorted({e.get("extensions", {}).get("code", "NO_CODE") for e in body.get("errors", [])})
            outcome = f"{response.status_code} {','.join(codes)}" if codes else f"{response.status_code} ok"
        except Exception as error:  # noqa: BLE001 - a transport failure is a result to count
            outcome = f"transport {type(error).__name__}"
        latencies.append(time.monotonic() - started)
        outcomes[outcome] += 1


async def run_load(url: str, clients: int, seconds: float) -> None:
    latencies: list[float] = []
    outcomes: collections.Counter[str] = collections.Counter()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(client_loop(http, i, deadline, latencies, outcomes) for i in range(clients)))
    total = sum(outcomes.values())
    failed = sum(n for outcome, n in outcomes.items() if not outcome.endswith(" ok"))
    busy = sum(n for outcome, n in outcomes.items() if "SERVER_BUSY" in outcome)
    print(f"clients {clients}, {seconds:.0f} s: requests {total} ({total / seconds:.1f}/s), "
          f"errors {failed} ({100 * failed / max(total, 1):.2f} %), of which busy {busy}")
    for outcome, n in outcomes.most_common():
        print(f"  {outcome}: {n}")
    print(f"latency p50 {percentile(latencies, .5) * 1000:.0f} ms, p95 {percentile(latencies, .95) * 1000:.0f} ms, "
          f"p99 {percentile(latencies, .99) * 1000:.0f} ms, mean {statistics.fmean(latencies) * 1000:.0f} ms")


def time_abuse(url: str) -> None:
    with httpx.Client(base_url=url, timeout=60) as http:
        cases = {
            "900 KB search literal": {"query": f'{{ search(query: "{" ".join(["ab"] * 300_000)}") {{ totalCount }} }}'},
            "5 MB variable": {"query": "query($q: String!) { search(query: $q) { totalCount } }",
                              "variables": {"q": "x" * 5_000_000}},
            "1,000-word search": {"query": "query($q: String!) { search(query: $q) { totalCount } }",
                                  "variables": {"q": " ".join(["ab"] * 1000)}},
        }
        for name, payload in cases.items():
            started = time.monotonic()
            response = http.post("/graphql", json=payload)
            elapsed = (time.monotonic() - started) * 1000
            code = response.json()["errors"][0]["extensions"]["code"]
            print(f"{name}: HTTP {response.status_code} {code} in {elapsed:.0f} ms")
        alive = http.post("/graphql", json={"query": QUERIES[0]}).json()
        print(f"after the abuse, the database answers: {'errors' not in alive}")


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    khabar = Path(sys.executable).with_name("khabar")
    proc = subprocess.Popen([str(khabar), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the API did not start within 30 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--neo4j-down", action="store_true", help="serve against a closed port (outage figures)")
    parser.add_argument("--no-abuse", action="store_true", help="skip the oversized-request timings")
    args = parser.parse_args()
    clients, seconds = min(args.clients, MAX_CLIENTS), min(args.seconds, MAX_SECONDS)
    env = dict(os.environ)
    if args.neo4j_down:
        env["NEO4J_URI"] = f"bolt://127.0.0.1:{free_port()}"  # nothing listens there
    port = free_port()
    proc = serve(env, port)
    url = f"http://127.0.0.1:{port}"
    try:
        print(f"API {url} (workers {env.get('KHABAR_WORKERS', '1')}), Neo4j {'down' if args.neo4j_down else 'up'}")
        if not args.no_abuse and not args.neo4j_down:
            time_abuse(url)
        asyncio.run(run_load(url, clients, seconds))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
