"""The playground: GraphiQL served from our own /static files (no CDN), opening on a linked query."""

from __future__ import annotations

import functools
import hashlib
import html
import json
from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
STATIC_URL = "/static"

DEFAULT_QUERY = """# Khabar: who met whom, who signed what, who said what.
# Run: the play button or Ctrl-Enter. Docs: the book icon.
# More examples: docs/queries.md

# Russian officials' visits to North Korea, latest first,
# with what was signed during each and the quoted source.
query RussianVisitsToNorthKorea {
  visits(
    visitorCountry: "RU"
    hostCountry: "KP"
    orderBy: { by: DATE, direction: DESC }
    first: 10
  ) {
    totalCount
    edges {
      node {
        visitor { name nameAr roles { title } }
        destination { name nameAr }
        startDate
        endDate
        status
        purpose
        agreements { name signedOn }
        sources { quote article { title publishedOn } }
      }
    }
  }
}
"""

# Scripts and styles, in load order; all under STATIC_DIR (vendor/ is copied by scripts/vendor_graphiql.sh).
STYLES = ("vendor/graphiql.min.css", "playground.css")
SCRIPTS = ("vendor/react.production.min.js", "vendor/react-dom.production.min.js", "vendor/graphiql.min.js",
           "playground.js")

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Khabar GraphQL playground</title>
<link rel="icon" href="data:,">
{styles}
</head>
<body>
<div id="graphiql" class="graphiql-container"><p class="khabar-loading">Loading the Khabar playground&hellip;</p></div>
<noscript>The playground needs JavaScript. The API itself answers POST requests at /graphql.</noscript>
<script id="khabar-playground-config" type="application/json">{config}</script>
{scripts}
</body>
</html>
"""


@functools.cache
def asset_url(name: str) -> str:
    """/static/NAME?v=HASH: the content hash makes browsers fetch a file again when it changes."""
    digest = hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]
    return f"{STATIC_URL}/{name}?v={digest}"


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script> element (no "</script>", no HTML comment openers)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_html() -> str:
    """GraphiQL, opening on DEFAULT_QUERY (or the shared query in ?q=), every asset from /static."""
    styles = "\n".join(f'<link rel="stylesheet" href="{html.escape(asset_url(name))}">' for name in STYLES)
    scripts = "\n".join(f'<script src="{html.escape(asset_url(name))}"></script>' for name in SCRIPTS)
    config = _script_json({"defaultQuery": DEFAULT_QUERY, "title": "Khabar"})
    return _PAGE.format(styles=styles, scripts=scripts, config=config)
