"""The compact table printed at the end of a run, the checks, and the JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Row = tuple[str, str, str, str]


def _ms(figures: dict[str, Any]) -> str:
    return f"{figures['median_ms']:.1f} ms (p95 {figures['p95_ms']:.1f})"


def _x(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}x"


LOADER_TARGET_FACTS_PER_S = 5000  # issue 8: the loader takes at least this many facts per second


def loader_rows(loader: dict[str, Any]) -> list[Row]:
    load, reload = loader["load_all"], loader["reload_all"]
    target = "ok" if load["facts_per_s"] >= LOADER_TARGET_FACTS_PER_S else "MISSED"
    return [
        (f"load, first {loader['subset_articles']} articles, batched",
         f"{loader['batched_rows_per_s_same_subset']:.0f} rows/s",
         f"{loader['naive_rows_per_s']:.0f} rows/s (1 query/row)", _x(loader["speedup_batched_vs_naive"])),
        ("  same, against 1 transaction/article", "", f"{loader['per_article_rows_per_s']:.0f} rows/s, "
         f"{_ms(loader['per_article_ms_per_article'])}/article", _x(loader["speedup_batched_vs_per_article"])),
        (f"load all {load['articles']} articles, {loader['batch_documents']}/transaction",
         f"{load['facts_per_s']:.0f} facts/s", f"target >= {LOADER_TARGET_FACTS_PER_S} facts/s; "
         f"{load['articles_per_s']:.0f} articles/s, {load['rows_per_s']:.0f} rows/s, {load['seconds']:.1f} s", target),
        ("reload all (idempotent: {})".format("yes" if loader["reload_idempotent"] else "NO"),
         f"{reload['facts_per_s']:.0f} facts/s",
         f"{reload['articles_per_s']:.0f} articles/s, {reload['seconds']:.1f} s; "
         + "nodes {nodes}, rels {relationships}".format(**loader["counts_after_reload"])
         + f", {loader['visit_nodes']} Visit", ""),
    ]  # fmt: skip


def api_rows(api: dict[str, Any]) -> list[Row]:
    nested = api["nested_visits"]
    q50 = nested["queries_per_request"]["first_50"]
    q10 = nested["queries_per_request"]["first_10"]
    rows: list[Row] = [
        ("visits(first: 50) nested", _ms(nested["dataloaders"]), f"{_ms(nested['n_plus_1'])} N+1",
         _x(nested["speedup"])),
        ("  Cypher queries/request (first 10 | 50)", f"{q10['dataloaders']} | {q50['dataloaders']}",
         f"{q10['n_plus_1']} | {q50['n_plus_1']}", ""),
    ]  # fmt: skip
    for name, case in api["total_count"].items():
        rows += [
            (f"totalCount {name} = {case['total']}", _ms(case["count_query"]),
             f"{_ms(case['fetch_all_and_len'])} fetch all", _x(case["speedup"])),
            ("  same, over HTTP", _ms(case["api_totalCount"]), f"{case['api_queries']} queries", ""),
        ]  # fmt: skip
    paging = api["deep_paging"]
    late = paging["late_page"]
    for name, label in (("api_keyset", "keyset over HTTP"), ("reader_keyset", "keyset (Reader)"),
                        ("offset_skip_limit", "SKIP/LIMIT (baseline)")):  # fmt: skip
        case = paging[name]
        rows.append((f"page 1 vs {late}, {label}", _ms(case["page_1"]), _ms(case[f"page_{late}"]),
                     f"{case['late_over_first']:.2f} late/first"))  # fmt: skip
    rows.append((f"  page {late}: SKIP/LIMIT over keyset", "", "", _x(paging["late_page_offset_over_keyset"])))
    plans = paging["profile"]
    for kind in ("keyset", "offset"):
        first, last = plans[f"{kind}_page_1"], plans[f"{kind}_page_{late}"]
        rows.append((f"  PROFILE {kind}: db hits | rows (page 1 vs {late})",
                     f"{first['db_hits']} | {first['rows_through_plan']}",
                     f"{last['db_hits']} | {last['rows_through_plan']}", ""))  # fmt: skip
    for language, case in api["search"].items():
        kinds = ", ".join(f"{n} {kind.lower()}" for kind, n in case["first_page_kinds"].items())
        rows.append((f"search {language} {case['query']!r}", _ms(case), f"{case['hits']} hits; top 10: {kinds}", ""))
    return rows


def table(rows: list[Row]) -> str:
    header: Row = ("measure", "figure", "baseline / detail", "ratio")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in [header, *rows]]  # fmt: skip
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def failed_checks(results: dict[str, Any]) -> list[str]:
    """Correctness checks of the run: a figure from a wrong answer is worthless."""
    loader, api = results["loader"], results["api"]
    checks = {
        "naive loader wrote the same graph as the batched one": loader["same_graph_as_naive"],
        "one transaction per article wrote the same graph as batches": loader["same_graph_as_per_article"],
        "reloading every article left node/relationship counts unchanged": loader["reload_idempotent"],
        "N+1 baseline returned the same response": api["nested_visits"]["same_response"],
        "counts agree (count query, fetch-all, totalCount)": all(c["same_total"] for c in api["total_count"].values()),
        "SKIP/LIMIT and keyset give the same late page": api["deep_paging"]["same_late_page"],
    }
    return [name for name, ok in checks.items() if not ok]


def write_json(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
