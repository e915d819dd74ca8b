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
        ("  server warm-up: the corpus loaded and wiped", "", "loads of " + ", ".join(
            f"{seconds:.1f}" for seconds in loader["warmup_load_seconds"]) + " s (the first: a cold JIT)", ""),
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


def scale_loader_rows(scales: list[dict[str, Any]]) -> list[Row]:
    rows: list[Row] = []
    for scale in scales:
        load = scale["loader"]["load_all"]
        counts = scale["loader"]["counts_after_load"]
        rows.append((f"{scale['scale']}x: load {load['articles']} articles, {load['facts']} facts",
                     f"{load['articles_per_s']:.1f} articles/s, {load['facts_per_s']:.0f} facts/s",
                     f"{load['seconds']:.1f} s; nodes {counts['nodes']}, rels {counts['relationships']}",
                     ""))  # fmt: skip
    return rows


SHAPE_KEYS = "abcdef"
LATENCY_TARGET_SHAPES = "abdf"  # p50 within 1.5x raw Cypher
PEER_RPS_TARGET = 1.0
RAW_P50_TARGET = 1.5
ROUND_TRIPS_PER_ROOT_FIELD = 2
FACTS_PER_S_TARGET = 5000


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def _cell(figures: dict[str, Any], rps: bool = True) -> str:
    text = f"{figures['p50_ms']:.1f} ms"
    if rps:
        text += f", {figures['rps']:.0f}/s"
    if figures["failed"] or figures["wrong"]:
        text += f" ({figures['failed']} failed, {figures['wrong']} wrong)"
    return text


def compare_table(scale: dict[str, Any]) -> str:
    """The Markdown table of one scale: p50 and requests/s of each system, and Khabar's ratios."""
    compare = scale["compare"]
    corpus = scale["corpus"]
    title = (f"{scale['scale']}x corpus ({corpus['articles']} articles, {scale['visits']} visits, "
             f"{corpus['facts']} facts); khabar serve with {compare['khabar_workers']} worker(s), the peer in "
             f"{compare.get('peer_processes', 1)} Node process")  # fmt: skip
    if not compare.get("timings"):
        return f"{title}: not timed, the systems disagree"
    c1, c8 = compare["timings"]["c1"], compare["timings"]["c8"]
    lines = [
        title,
        "",
        "| shape | Khabar c=1 p50, rps | peer c=1 p50, rps | raw c=1 p50, rps | Khabar/peer p50 | Khabar/raw p50 "
        "| Khabar/peer rps c=1 | Khabar c=8 p50, rps | peer c=8 p50, rps | raw c=8 rps | Khabar/peer rps c=8 "
        "| round trips K/peer |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key, check in compare["shapes"].items():
        one, eight = c1[key], c8[key]
        lines.append(
            f"| {key}: {check['title']} | {_cell(one['khabar'])} | {_cell(one['peer'])} | {_cell(one['raw'])} "
            f"| {_ratio(one['khabar']['p50_ms'], one['peer']['p50_ms']):.2f}x "
            f"| {_ratio(one['khabar']['p50_ms'], one['raw']['p50_ms']):.2f}x "
            f"| {_ratio(one['khabar']['rps'], one['peer']['rps']):.2f}x "
            f"| {_cell(eight['khabar'])} | {_cell(eight['peer'])} | {eight['raw']['rps']:.0f}/s "
            f"| {_ratio(eight['khabar']['rps'], eight['peer']['rps']):.2f}x "
            f"| {check['khabar_round_trips']} / {check['peer_round_trips']} |"
        )
    return "\n".join(lines)


def target_checks(results: dict[str, Any]) -> dict[str, bool]:
    """The issue's performance targets, each PASS or FAIL (reported; a miss does not fail the run)."""
    checks: dict[str, bool] = {}
    for scale in results.get("scales", []):
        tag = f"{scale['scale']}x"
        compare = scale.get("compare") or {}
        timings = compare.get("timings")
        if timings:
            for level in ("c1", "c8"):
                ratios = {k: _ratio(s["khabar"]["rps"], s["peer"]["rps"]) for k, s in timings[level].items()}
                misses = ", ".join(f"{k} {r:.2f}x" for k, r in ratios.items() if r < PEER_RPS_TARGET)
                checks[f"{tag}: Khabar requests/s >= {PEER_RPS_TARGET:.1f}x the peer's on every shape at "
                       f"{level.replace('c', 'c=')}" + (f" (below: {misses})" if misses else "")] = not misses
            p50 = {k: _ratio(s["khabar"]["p50_ms"], s["raw"]["p50_ms"]) for k, s in timings["c1"].items()
                   if k in LATENCY_TARGET_SHAPES}  # fmt: skip
            misses = ", ".join(f"{k} {r:.2f}x" for k, r in p50.items() if r > RAW_P50_TARGET)
            checks[f"{tag}: Khabar p50 <= {RAW_P50_TARGET}x raw Cypher on {', '.join(LATENCY_TARGET_SHAPES)} at c=1"
                   + (f" (above: {misses})" if misses else "")] = not misses
        if compare.get("shapes"):
            trips = {k: c["khabar_round_trips"] / c["root_fields"] for k, c in compare["shapes"].items()}
            misses = ", ".join(f"{k} {t:g}" for k, t in trips.items() if t > ROUND_TRIPS_PER_ROOT_FIELD)
            checks[f"{tag}: Khabar Cypher round trips <= {ROUND_TRIPS_PER_ROOT_FIELD} per root field"
                   + (f" (above: {misses})" if misses else "")] = not misses
        rate = scale["loader"]["load_all"]["facts_per_s"]
        checks[f"{tag}: loader >= {FACTS_PER_S_TARGET} facts/s ({rate:.0f})"] = rate >= FACTS_PER_S_TARGET
    return checks


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
