"""Timing and counting helpers: wall-clock samples, their median and p95, Cypher round trips."""

from __future__ import annotations

import contextlib
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from neo4j import RoutingControl

from schema.data import Reader

T = TypeVar("T")


@dataclass(frozen=True)
class Timing:
    """Wall-clock samples in milliseconds."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        if len(self.samples) < 2:
            return self.samples[0]
        return statistics.quantiles(self.samples, n=20, method="inclusive")[18]

    @property
    def total(self) -> float:
        return sum(self.samples)

    def figures(self) -> dict[str, float | int]:
        return {"median_ms": round(self.median, 2), "p95_ms": round(self.p95, 2),
                "min_ms": round(min(self.samples), 2), "runs": len(self.samples)}  # fmt: skip


async def timed(fn: Callable[[], Awaitable[T]], runs: int, warmup: int = 2) -> tuple[Timing, T]:
    """Run `fn` warmup + runs times (sequentially); time the last `runs`; return the last result."""
    result: T | None = None
    for _ in range(warmup):
        result = await fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = await fn()
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(tuple(samples)), result  # type: ignore[return-value]


async def timed_pair(a: Callable[[], Awaitable[Any]], b: Callable[[], Awaitable[Any]], runs: int,
                     warmup: int = 2) -> tuple[Timing, Timing]:
    """Time two operations interleaved (a, b, a, b...), so drift on a shared machine hits both alike."""
    for _ in range(warmup):
        await a()
        await b()
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for fn, out in ((a, samples[0]), (b, samples[1])):
            start = time.perf_counter()
            await fn()
            out.append((time.perf_counter() - start) * 1000)
    return Timing(tuple(samples[0])), Timing(tuple(samples[1]))


def ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, rounded (e.g. baseline ms / measured ms: how many times faster)."""
    return round(numerator / denominator, 2) if denominator else float("inf")


class QueryCounter:
    """Counts Cypher round trips by wrapping Reader.rows (every read query of the API goes through it)."""

    def __init__(self) -> None:
        self.count = 0

    @contextlib.contextmanager
    def installed(self) -> Iterator[QueryCounter]:
        original = Reader.rows

        async def rows(reader: Reader, cypher: str, **params: Any) -> list[dict[str, Any]]:
            self.count += 1
            return await original(reader, cypher, **params)

        Reader.rows = rows  # type: ignore[method-assign]
        try:
            yield self
        finally:
            Reader.rows = original  # type: ignore[method-assign]


async def plan_cost(reader: Reader, cypher: str, params: dict[str, Any]) -> dict[str, int]:
    """PROFILE a read query: database hits and rows passed between operators (deterministic, unlike time)."""
    _, summary, _ = await reader.driver.execute_query(
        f"PROFILE {cypher}", params, database_=reader.database, routing_=RoutingControl.READ
    )

    def operators(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
        yield plan
        for child in plan.get("children", []):
            yield from operators(child)

    ops = list(operators(summary.profile or {}))
    return {"db_hits": sum(op.get("dbHits", 0) for op in ops),
            "rows_through_plan": sum(op.get("rows", 0) for op in ops)}
