"""Extraction of many files on a process pool (no database): same documents, same order, failures per file."""

from pathlib import Path

from extract.commands import _ingest_args
from extract.ingest import expand, extract_many

DATA = Path(__file__).parent / "data"


def _files():
    files, errors = expand([str(DATA / "articles"), str(DATA / "bad"), str(DATA / "regression")])
    assert not errors
    return files


def _flat(results):
    return [(p, out if isinstance(out, str) else out[0].model_dump_json()) for p, out in results]


def test_pool_gives_the_same_documents_in_input_order():
    files = _files()
    seq = _flat(extract_many(files, jobs=1))
    done = []
    par = _flat(extract_many(files, jobs=2, on_extracted=lambda: done.append(1)))
    assert [p for p, _ in par] == files
    assert par == seq
    assert len(done) == len(files)


def test_failures_are_per_file():
    results = dict(extract_many(_files(), jobs=2))
    failed = {p.name: out for p, out in results.items() if isinstance(out, str)}
    assert set(failed) == {"broken.json", "not_utf8.txt"}
    assert all(name in msg for name, msg in failed.items())
    assert sum(not isinstance(out, str) for out in results.values()) == len(results) - 2


def test_stopping_early_stops_the_pool():
    gen = extract_many(_files(), jobs=2)
    first = next(gen)
    gen.close()  # the pool shuts down, pending extractions are cancelled
    assert first[0] == _files()[0]


def test_jobs_option():
    import argparse

    p = argparse.ArgumentParser()
    _ingest_args(p)
    assert p.parse_args(["x"]).jobs is None
    assert p.parse_args(["x", "--jobs", "3"]).jobs == 3
    try:
        p.parse_args(["x", "--jobs", "0"])
    except SystemExit:
        pass
    else:
        raise AssertionError("--jobs 0 accepted")
