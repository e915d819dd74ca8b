"""API figures: the real app served by uvicorn on loopback, queried over HTTP with httpx.

Baselines written here: the same GraphQL request served with DataLoaders that neither batch
nor cache (one Cypher query per node: N+1); counting by fetching every matching node; paging
by SKIP/LIMIT offset. In-process comparisons use the app's own Reader on a driver of their own.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx
from neo4j import AsyncDriver
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.dataloader import DataLoader

from api.app import create_app
from api.server import serve_in_thread
from bench.measure import QueryCounter, plan_cost, ratio, timed, timed_pair
from graph.settings import Settings
from schema.context import Context
from schema.data import Listing, Reader, Record
from schema.pagination import PageRequest, decode_cursor
from schema.query import date_range

PAGE_SIZE = 50
LATE_PAGE = 40

NESTED = """query ($first: Int!) { visits(first: $first) { edges { node {
  visitor { name } hostCountry { name } destination { name } sources { quote article { title } } } } } }"""
COUNT = "query ($hc: String, $from: PartialDate) { visits(hostCountry: $hc, from: $from) { totalCount } }"
PAGE = """query ($first: Int!, $after: String) { visits(first: $first, after: $after) {
  edges { node { id startDate } } pageInfo { endCursor hasNextPage } } }"""
SEARCH = "query ($q: String!) { search(query: $q, first: 10) { edges { node { kind field highlighted } } } }"
SEARCH_TOTAL = "query ($q: String!) { search(query: $q, first: 1) { totalCount } }"
SEARCHES = {"arabic": "بيونج يانج", "english": "energy cooperation"}
COUNT_FILTER = {"hc": "KP", "from": "2024"}


# --- serving ---


class UnbatchedContext(Context):
    """The naive resolution: every DataLoader call is its own query (no batching, no per-request cache)."""

    def __post_init__(self) -> None:
        self.nodes = DataLoader(load_fn=self.reader.nodes_by_id, max_batch_size=1, cache=False)
        self.evidence = DataLoader(load_fn=self.reader.evidence, max_batch_size=1, cache=False)

    def related(self, relation: str) -> DataLoader[str, list[Record]]:
        async def load(ids: list[str]) -> Any:
            return await self.reader.related(relation, ids)

        return DataLoader(load_fn=load, max_batch_size=1, cache=False)


def unbatched_app(settings: Settings) -> Starlette:
    """The real app, reads not compiled (KHABAR_COMPILE_READS=0), whose GraphQL view builds an UnbatchedContext
    per request: every related field of every node is its own query."""
    settings = dataclasses.replace(settings, compile_reads=False)
    app = create_app(settings)
    view = next(r.endpoint for r in app.routes if isinstance(r, Route) and r.path == "/graphql")

    async def get_context(request: Any, response: Any) -> Context:
        return UnbatchedContext(reader=Reader(request.app.state.driver, settings.neo4j_database), settings=settings)

    view.get_context = get_context  # type: ignore[method-assign]
    return app


@dataclass
class GraphQLClient:
    http: httpx.AsyncClient
    counter: QueryCounter
    last_queries: int = 0  # counted by wrapping Reader.rows
    last_reported: int | None = None  # the app's own count (extensions.cypherQueries), when it reports one

    async def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        before = self.counter.count
        response = await self.http.post("/graphql", json={"query": query, "variables": variables})
        self.last_queries = self.counter.count - before
        body = response.json()
        self.last_reported = (body.get("extensions") or {}).get("cypherQueries")
        if response.status_code != 200 or body.get("errors"):
            raise RuntimeError(f"GraphQL request failed: {response.status_code} {body.get('errors')}")
        return body["data"]


# --- (a) nested fields: DataLoaders vs N+1 ---


async def bench_nested(api: GraphQLClient, naive: GraphQLClient, runs: int) -> dict[str, Any]:
    queries, reported = {}, {}
    for first in (10, PAGE_SIZE):
        await api(NESTED, first=first)
        await naive(NESTED, first=first)
        queries[first] = (api.last_queries, naive.last_queries)
        reported[first] = api.last_reported
    same = await api(NESTED, first=PAGE_SIZE) == await naive(NESTED, first=PAGE_SIZE)
    batched, unbatched = await timed_pair(lambda: api(NESTED, first=PAGE_SIZE),
                                          lambda: naive(NESTED, first=PAGE_SIZE), runs)  # fmt: skip
    return {
        "query": f"visits(first: {PAGE_SIZE}): visitor, hostCountry, destination, sources.article",
        "dataloaders": batched.figures(),
        "n_plus_1": unbatched.figures(),
        "speedup": ratio(unbatched.median, batched.median),
        "queries_per_request": {f"first_{first}": {"dataloaders": a, "n_plus_1": n} for first, (a, n) in
                                queries.items()},
        "queries_reported_by_app": {f"first_{first}": n for first, n in reported.items()},
        "same_response": same,
    }  # fmt: skip


# --- (b) totalCount: count query vs fetching every node ---


def visits_listing(host: str | None = None, start: str | None = None) -> Listing:
    """The listing the API's `visits(hostCountry:, from:)` builds (schema.query.CoreQuery.visits)."""
    listing = Listing("MATCH (n:Visit)", sort="DATE")
    if host is not None:
        listing.filter("EXISTS { (n)-[:HOSTED_BY]->(:Country {code: $hc}) }", hc=host)
    date_range(listing, start, None)
    return listing


async def fetch_all(reader: Reader, listing: Listing) -> list[Record]:
    where = f"WHERE {' AND '.join(listing.where)}" if listing.where else ""
    return await reader.rows(f"{listing.match} {where} WITH DISTINCT n RETURN labels(n) AS labels, "
                             "properties(n) AS props", **listing.params)  # fmt: skip


async def _count_case(api: GraphQLClient, reader: Reader, runs: int, host: str | None,
                      start: str | None) -> dict[str, Any]:
    listing = visits_listing(host, start)
    variables = {"hc": host, "from": start}
    http_timing, data = await timed(lambda: api(COUNT, **variables), runs)
    counted, fetched = await timed_pair(lambda: reader.count(listing), lambda: fetch_all(reader, listing), runs)
    (total, _), rows = await reader.count(listing), await fetch_all(reader, listing)
    return {
        "total": data["visits"]["totalCount"],
        "api_totalCount": http_timing.figures(),
        "api_queries": api.last_queries,
        "count_query": counted.figures(),
        "fetch_all_and_len": fetched.figures(),
        "speedup": ratio(fetched.median, counted.median),
        "same_total": total == len(rows) == data["visits"]["totalCount"],
    }


async def bench_count(api: GraphQLClient, reader: Reader, runs: int) -> dict[str, Any]:
    return {
        "visits(hostCountry: KP, from: 2024)": await _count_case(api, reader, runs, "KP", "2024"),
        "visits (all)": await _count_case(api, reader, runs, None, None),
    }


# --- (c) deep paging: keyset cursors vs SKIP/LIMIT ---


async def _walk(api: GraphQLClient, pages: int) -> list[str | None]:
    """`after` cursors of pages 1..pages (None for page 1), walking endCursor."""
    cursors: list[str | None] = [None]
    while len(cursors) < pages:
        data = await api(PAGE, first=PAGE_SIZE, after=cursors[-1])
        if not data["visits"]["pageInfo"]["hasNextPage"]:
            break
        cursors.append(data["visits"]["pageInfo"]["endCursor"])
    return cursors


def offset_query(listing: Listing, skip: int) -> tuple[str, dict[str, Any]]:
    """The SKIP/LIMIT baseline: same match, same order, an offset instead of a cursor."""
    query, params = listing.page_query(PageRequest(PAGE_SIZE, True, None))
    return query.replace("LIMIT $limit", "SKIP $skip LIMIT $limit"), {**params, "skip": skip}


async def offset_page(reader: Reader, listing: Listing, skip: int) -> list[Record]:
    """The page's rows ({row, k}, as Reader.page reads them)."""
    query, params = offset_query(listing, skip)
    [record] = await reader.rows(query, **params)
    return record["rows"]


async def bench_paging(api: GraphQLClient, reader: Reader, runs: int) -> dict[str, Any]:
    cursors = await _walk(api, LATE_PAGE)
    late = len(cursors)
    after = cursors[-1]
    listing = visits_listing()
    keyset = {n: PageRequest(PAGE_SIZE, True, decode_cursor(c, "after") if c else None)
              for n, c in ((1, None), (late, after))}  # fmt: skip
    api_first, api_late = await timed_pair(lambda: api(PAGE, first=PAGE_SIZE, after=None),
                                           lambda: api(PAGE, first=PAGE_SIZE, after=after), runs)  # fmt: skip
    key_first, key_late = await timed_pair(lambda: reader.page(listing, keyset[1]),
                                           lambda: reader.page(listing, keyset[late]), runs)  # fmt: skip
    off_first, off_late = await timed_pair(lambda: offset_page(reader, listing, 0),
                                           lambda: offset_page(reader, listing, (late - 1) * PAGE_SIZE), runs)
    api_ids = [e["node"]["id"] for e in (await api(PAGE, first=PAGE_SIZE, after=after))["visits"]["edges"]]
    offset_ids = [r["row"]["id"] for r in (await offset_page(reader, listing, (late - 1) * PAGE_SIZE))[:PAGE_SIZE]]
    plans = {
        "keyset_page_1": await plan_cost(reader, *listing.page_query(keyset[1])),
        f"keyset_page_{late}": await plan_cost(reader, *listing.page_query(keyset[late])),
        "offset_page_1": await plan_cost(reader, *offset_query(listing, 0)),
        f"offset_page_{late}": await plan_cost(reader, *offset_query(listing, (late - 1) * PAGE_SIZE)),
    }
    return {
        "late_page": late,
        "api_keyset": {"page_1": api_first.figures(), f"page_{late}": api_late.figures(),
                       "late_over_first": ratio(api_late.median, api_first.median)},
        "reader_keyset": {"page_1": key_first.figures(), f"page_{late}": key_late.figures(),
                          "late_over_first": ratio(key_late.median, key_first.median)},
        "offset_skip_limit": {"page_1": off_first.figures(), f"page_{late}": off_late.figures(),
                              "late_over_first": ratio(off_late.median, off_first.median)},
        "late_page_offset_over_keyset": ratio(off_late.median, key_late.median),
        "profile": plans,
        "same_late_page": api_ids == offset_ids,
    }  # fmt: skip


# --- (d) search ---


async def bench_search(api: GraphQLClient, runs: int) -> dict[str, Any]:
    results = {}
    for language, text in SEARCHES.items():
        timing, data = await timed(lambda text=text: api(SEARCH, q=text), runs)
        total = (await api(SEARCH_TOTAL, q=text))["search"]["totalCount"]
        kinds = Counter(edge["node"]["kind"] for edge in data["search"]["edges"])
        results[language] = {"query": text, **timing.figures(), "queries": api.last_queries, "hits": total,
                             "first_page_kinds": dict(kinds.most_common())}
    return results


async def bench_api(settings: Settings, driver: AsyncDriver, runs: int) -> dict[str, Any]:
    """(a)-(d) against the real app, each with its baseline measured in this run."""
    counter = QueryCounter()
    reader = Reader(driver, settings.neo4j_database)
    with (
        counter.installed(),
        serve_in_thread(create_app(settings)) as url,
        serve_in_thread(unbatched_app(settings)) as naive_url,
    ):
        async with httpx.AsyncClient(base_url=url, timeout=120) as http, \
                httpx.AsyncClient(base_url=naive_url, timeout=120) as naive_http:  # fmt: skip
            api, naive = GraphQLClient(http, counter), GraphQLClient(naive_http, counter)
            return {
                "nested_visits": await bench_nested(api, naive, runs),
                "total_count": await bench_count(api, reader, runs),
                "deep_paging": await bench_paging(api, reader, runs),
                "search": await bench_search(api, runs),
            }

