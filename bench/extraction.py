"""Extractor figures (no database): start-up, articles/s on one core, peak RSS, time against text size, and
`khabar ingest`'s extraction on one process vs a pool.

The articles are the real ones in ../shared/corpus and ../shared/corpus_world, read where they lie at bench time
(never copied into the project); without them, the project's own (data/seed, tests/data). Each one-core figure is
measured in a fresh process of its own (`python -m bench.extraction --worker ...`), so that its peak RSS is that of
the extracting process alone.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from graph.settings import ROOT

SHARED = ROOT.parent / "shared"
REAL = (SHARED / "corpus", SHARED / "corpus_world")
FALLBACK = (ROOT / "data" / "seed", ROOT / "tests" / "data" / "articles", ROOT / "tests" / "data" / "regression")

# targets (README "Figures"): one core, a fresh process, the extracting process
TARGET_ARTICLES_PER_S = 20.0
TARGET_START_S = 2.0
TARGET_RSS_MB = 400.0
TARGET_SCALING = 10.0  # 10x the text should cost about 10x the time (linear), not more

START_CODE = ("import time; t = time.perf_counter(); from extract.pipeline import Extractor; Extractor(); "
              "print(time.perf_counter() - t)")


def article_files() -> tuple[list[Path], str]:
    """The real articles when they are there, else the project's; and where they came from."""
    real = [p for d in REAL if d.is_dir() for p in sorted(d.glob("*.txt"))]
    if real:
        return real, " + ".join(f"../shared/{d.name}" for d in REAL if d.is_dir())
    own = [p for d in FALLBACK for p in sorted(d.glob("*.txt")) if not p.name.endswith(".raw.txt")]
    return own, "data/seed + tests/data (../shared absent)"


def _python(*args: str, timeout: float = 600) -> tuple[str, float]:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                         check=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    return out.stdout, time.perf_counter() - started


def bench_startup(runs: int = 3) -> dict[str, Any]:
    """A fresh interpreter building the Extractor (imports, registry, cues): the whole process, and the build
    alone as the process measures it."""
    wall, build = [], []
    for _ in range(runs):
        out, seconds = _python("-c", START_CODE)
        wall.append(seconds)
        build.append(float(out.strip().splitlines()[-1]))
    return {"process_s": round(statistics.median(wall), 3), "import_and_build_s": round(statistics.median(build), 3),
            "runs": runs}


def bench_one_core(files: list[Path], min_seconds: float = 3.0) -> dict[str, Any]:
    out, _ = _python("-m", "bench.extraction", "--worker", str(min_seconds), *map(str, files))
    return json.loads(out.strip().splitlines()[-1])


def _peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM; ru_maxrss would carry over the bench's own across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker(min_seconds: float, paths: list[str]) -> dict[str, Any]:
    """In the fresh process: extract every article (after one warm-up round) until min_seconds have passed,
    then 20 KB of their text, and the same 20 KB ten times over (200 KB)."""
    from extract.pipeline import Extractor
    from extract.reader import Article, read_article

    extractor = Extractor()
    articles = [read_article(Path(p)) for p in paths]
    for art in articles:
        extractor.extract(art)
    per_article: list[float] = []
    rounds = 0
    started = time.perf_counter()
    while rounds < 1 or time.perf_counter() - started < min_seconds:
        for art in articles:
            t = time.perf_counter()
            extractor.extract(art)
            per_article.append(time.perf_counter() - t)
        rounds += 1
    rss_corpus = _peak_rss_mb()
    chars = sum(len(a.text) for a in articles)
    scaling = {}
    for lang in ("ar", "en"):
        base = "\n\n".join(a.text for a in articles if a.language == lang)
        if not base:
            continue
        times = {}
        # the same 20 KB of articles, once and ten times over: the same work per KB, ten times as much of it
        block = ((base + "\n\n") * (20_000 // (len(base) + 2) + 1))[:20_000] + "\n\n"
        for size in (20_000, 200_000):
            text = block * (size // 20_000)
            art = Article(id="bench", title="bench", text=text, language=lang, published="2025-07-09")
            samples = []
            for _ in range(3 if size < 100_000 else 1):  # the small one is quick: its best of three
                t = time.perf_counter()
                extractor.extract(art)
                samples.append(time.perf_counter() - t)
            times[size] = min(samples)
        scaling[lang] = {"s_20kb": round(times[20_000], 3), "s_200kb": round(times[200_000], 3),
                         "ratio": round(times[200_000] / times[20_000], 2)}
    total = sum(per_article)
    return {
        "articles": len(articles), "chars": chars, "rounds": rounds,
        "articles_per_s": round(len(per_article) / total, 1),
        "kchars_per_s": round(chars * rounds / total / 1000, 1),
        "ms_per_article": {"median_ms": round(statistics.median(per_article) * 1000, 2),
                           "max_ms": round(max(per_article) * 1000, 2)},
        "peak_rss_mb": round(rss_corpus, 1),
        "peak_rss_mb_after_200kb": round(_peak_rss_mb(), 1),
        "scaling": scaling,
    }


def bench_ingest(files: list[Path], jobs: int, min_articles: int = 200) -> dict[str, Any]:
    """`khabar ingest`'s extraction (extract.ingest.extract_many: read, extract, validate; no database) on one
    process and on a pool of `jobs`, over the articles repeated to at least min_articles; pool start-up included.
    Checked: both give the same documents in the same order."""
    from extract.ingest import extract_many

    work = files * max(1, -(-min_articles // len(files)))
    out: dict[str, Any] = {"articles": len(work), "jobs": jobs}
    docs = {}
    # a pool of `jobs` twice: first as `khabar ingest` starts it (its fork server imports and builds the
    # extractor once), then again with the fork server up (what the pool itself adds)
    for label, n in (("jobs_1", 1), ("pool_cold", jobs), ("pool_warm", jobs)):
        started = time.perf_counter()
        results = list(extract_many(work, jobs=n))
        seconds = time.perf_counter() - started
        out[label] = {"seconds": round(seconds, 2), "articles_per_s": round(len(work) / seconds, 1),
                      "failures": sum(isinstance(r, str) for _p, r in results)}
        docs[label] = [r if isinstance(r, str) else r[0].model_dump_json() for _p, r in results]
    out["speedup"] = round(out["jobs_1"]["seconds"] / out["pool_cold"]["seconds"], 2)
    out["speedup_warm"] = round(out["jobs_1"]["seconds"] / out["pool_warm"]["seconds"], 2)
    out["same_documents"] = docs["jobs_1"] == docs["pool_cold"] == docs["pool_warm"]
    return out


def bench_extraction(jobs: int | None = None, log=lambda _m: None) -> dict[str, Any]:
    files, source = article_files()
    jobs = jobs or os.cpu_count() or 1
    log(f"extractor: {len(files)} articles from {source}; start-up ...")
    results: dict[str, Any] = {"source": source, "startup": bench_startup()}
    log("extractor: one core ...")
    results["one_core"] = bench_one_core(files)
    log(f"extractor: ingest extraction, --jobs 1 vs --jobs {jobs} ...")
    results["ingest"] = bench_ingest(files, jobs)
    return results


def _ok(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def extraction_rows(ex: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    one, start, ing = ex["one_core"], ex["startup"], ex["ingest"]
    jobs = ing["jobs"]
    rows = [
        ("extractor start, fresh process", f"{start['process_s']:.2f} s",
         f"target <= {TARGET_START_S:.0f} s; import + build {start['import_and_build_s']:.2f} s",
         _ok(start["process_s"] <= TARGET_START_S)),
        (f"extract, 1 core, {one['articles']} real articles", f"{one['articles_per_s']:.1f} articles/s",
         f"target >= {TARGET_ARTICLES_PER_S:.0f}/s; {one['kchars_per_s']:.0f} kchars/s, median "
         f"{one['ms_per_article']['median_ms']:.1f} ms, max {one['ms_per_article']['max_ms']:.0f} ms",
         _ok(one["articles_per_s"] >= TARGET_ARTICLES_PER_S)),
        ("  peak RSS of the extracting process", f"{one['peak_rss_mb']:.0f} MB",
         f"target <= {TARGET_RSS_MB:.0f} MB; {one['peak_rss_mb_after_200kb']:.0f} MB after a 200 KB text",
         _ok(one["peak_rss_mb_after_200kb"] <= TARGET_RSS_MB)),
    ]
    for lang, s in one["scaling"].items():
        rows.append((f"  {lang} text 200 KB vs 20 KB", f"{s['s_200kb']:.2f} s", f"{s['s_20kb']:.2f} s; target <= "
                     f"{TARGET_SCALING:.0f}x (linear)", f"{s['ratio']:.2f}x {_ok(s['ratio'] <= TARGET_SCALING)}"))
    rows.append((f"ingest extraction, {ing['articles']} articles", f"{ing['pool_cold']['articles_per_s']:.1f}/s "
                 f"--jobs {jobs}", f"{ing['jobs_1']['articles_per_s']:.1f}/s --jobs 1 (pool start-up included)",
                 f"{ing['speedup']:.2f}x"))
    rows.append(("  same, pool's fork server already up", f"{ing['pool_warm']['articles_per_s']:.1f}/s", "",
                 f"{ing['speedup_warm']:.2f}x"))
    return rows


def extraction_checks(ex: dict[str, Any]) -> dict[str, bool]:
    return {"ingest --jobs N extracted the same documents as --jobs 1": ex["ingest"]["same_documents"]}


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--worker":
    print(json.dumps(_worker(float(sys.argv[2]), sys.argv[3:])))
