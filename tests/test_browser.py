"""The playground in a real headless Chromium (Debian's, driven by playwright-core): it loads, runs, shows seed data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from graph.settings import ROOT

CHROMIUM = Path(os.environ.get("KHABAR_CHROMIUM", "/usr/bin/chromium"))
PLAYWRIGHT = ROOT / "node_modules" / "playwright-core" / "package.json"
SCRIPT = ROOT / "tests" / "browser" / "playground.mjs"

pytestmark = pytest.mark.usefixtures("seeded")


def browser_tools() -> str:
    """node's path; fails (never skips) when the browser tooling is missing."""
    node = shutil.which("node")
    missing = [what for what, ok in (
        (f"chromium at {CHROMIUM}", os.access(CHROMIUM, os.X_OK)),
        ("node", node is not None),
        ("node_modules/playwright-core", PLAYWRIGHT.is_file()),
    ) if not ok]
    if missing:
        pytest.fail(f"browser test tooling missing: {', '.join(missing)}; run `make install`")
    assert node is not None
    return node


def test_playground_runs_the_default_query_in_chromium(api_url: str, tmp_path: Path) -> None:
    node = browser_tools()
    screenshot = tmp_path / "playground.png"
    result = subprocess.run(
        [node, str(SCRIPT), f"{api_url}/graphql", "--expect", "Sergei Lavrov", "--screenshot", str(screenshot)],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
        env={**os.environ, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"},
    )
    output = f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert result.returncode == 0, output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"playground screenshots: {report['screenshot']} {report['docsScreenshot']}")
    assert report["ok"] is True, output
    assert report["queryName"] == "RussianVisitsToNorthKorea"
    # Ran against the seed: latest visit first, and a person sees it in the result pane.
    assert report["visitors"][0] == "Sergei Lavrov", report["visitors"]
    assert report["totalCount"] == len(report["visitors"]) >= 4
    assert '"name": "Sergei Lavrov"' in report["visibleResult"]
    assert '"startDate": "2025-07-11"' in report["visibleResult"]
    assert report["docsPane"] is True
    for path in (screenshot, Path(report["docsScreenshot"])):
        png = path.read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 20_000, path
