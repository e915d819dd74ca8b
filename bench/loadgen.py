"""A small closed-loop load generator: bursts of requests at a fixed concurrency, interleaved across systems.

A burst is `requests` calls made by `concurrency` tasks, each starting its next call when the last one
answered (keep-alive connections, no think time). Rounds go shape by shape and, within a shape, system by
system in an order that rotates each round, so whatever else loads the machine hits every system alike.
Every answer is normalized and compared with the expected one: a wrong or failed answer is counted, never
timed as a success.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

Call = Callable[[], Awaitable[Any]]  # one request; returns its normalized answer


@dataclass
class Figures:
    """Latencies (ms) of successful calls and the wall time of the bursts they ran in."""

    latencies: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    requests: int = 0
    wrong: int = 0  # answered, but not the expected data
    failed: int = 0  # raised (HTTP error, GraphQL errors, driver error)
    first_problem: str | None = None

    def p(self, q: int) -> float:
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1]

    @property
    def rps(self) -> float:
        return self.requests / self.wall_s if self.wall_s else 0.0

    def summary(self) -> dict[str, Any]:
        return {"p50_ms": round(self.p(50), 2), "p95_ms": round(self.p(95), 2), "rps": round(self.rps, 1),
                "requests": self.requests, "wrong": self.wrong, "failed": self.failed,
                "first_problem": self.first_problem}  # fmt: skip


async def burst(call: Call, expected: Any, requests: int, concurrency: int, figures: Figures) -> None:
    remaining = requests

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            start = time.perf_counter()
            try:
                answer = await call()
            except Exception as error:  # noqa: BLE001 - every failure is counted and reported, none is timed
                figures.failed += 1
                figures.first_problem = figures.first_problem or f"{type(error).__name__}: {str(error)[:300]}"
                continue
            elapsed = (time.perf_counter() - start) * 1000
            if answer != expected:
                figures.wrong += 1
                figures.first_problem = figures.first_problem or f"wrong answer: {str(answer)[:300]}"
            else:
                figures.latencies.append(elapsed)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    figures.wall_s += time.perf_counter() - started
    figures.requests += requests


async def interleaved(
    calls: dict[str, dict[str, Call]],
    expected: Callable[[], Awaitable[dict[str, Any]]],
    concurrency: int,
    rounds: int,
    requests_per_burst: int,
) -> dict[str, dict[str, Figures]]:
    """calls[shape][system]; returns figures[shape][system] over `rounds` rounds of one burst each. `expected`
    gives each shape's answer at the start of every round (untimed): fulltext scores move between rounds when Lucene
    merges away the documents of a wiped corpus, for every system alike."""
    figures = {shape: {system: Figures() for system in systems} for shape, systems in calls.items()}
    for round_ in range(rounds):
        answers = await expected()
        for shape, systems in calls.items():
            names = list(systems)
            shift = round_ % len(names)
            for system in names[shift:] + names[:shift]:
                await burst(systems[system], answers[shape], requests_per_burst, concurrency, figures[shape][system])
    return figures
