"""The playground over HTTP: GraphiQL served from our own /static (no CDN), opening on a default query that works."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import graphql
import httpx
import pytest
from graphql import specified_rules, validate
from graphql.validation import NoDeprecatedCustomRule

from api import playground
from graph.settings import ROOT
from schema import schema
from tests.conftest import GraphQL, data_of

STATIC = ROOT / "api" / "static"
NODE_MODULES = ROOT / "node_modules"
# api/static/vendor/NAME <- node_modules/PACKAGE/PATH (as scripts/vendor_graphiql.sh copies them)
VENDORED = {
    "react.production.min.js": ("react", "umd/react.production.min.js"),
    "react-dom.production.min.js": ("react-dom", "umd/react-dom.production.min.js"),
    "graphiql.min.js": ("graphiql", "graphiql.min.js"),
    "graphiql.min.css": ("graphiql", "graphiql.min.css"),
}


class _Page(HTMLParser):
    """The page's resource references (src/href) and the playground's JSON config."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.config: dict | None = None
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.refs += [(tag, value) for key, value in attrs if key in ("src", "href") and value is not None]
        self._in_config = tag == "script" and values.get("id") == "khabar-playground-config"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config = json.loads(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def get_page(http: httpx.Client) -> str:
    response = http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_page_is_graphiql_from_our_own_static_files(http: httpx.Client) -> None:
    page = parse(get_page(http))
    scripts = [ref for tag, ref in page.refs if tag == "script"]
    styles = [ref for tag, ref in page.refs if tag == "link" and ref != "data:,"]
    assert [ref.split("?")[0] for ref in scripts] == [f"/static/{name}" for name in playground.SCRIPTS]
    assert [ref.split("?")[0] for ref in styles] == [f"/static/{name}" for name in playground.STYLES]
    for ref in scripts + styles:
        response = http.get(ref)
        assert response.status_code == 200, ref
        name = ref.split("?")[0].removeprefix("/static/")
        assert response.content == (STATIC / name).read_bytes(), ref
        kind = "javascript" if name.endswith(".js") else "css"
        assert kind in response.headers["content-type"], (ref, response.headers["content-type"])
    assert page.config == {"defaultQuery": playground.DEFAULT_QUERY, "title": "Khabar"}
    # The root sends a browser to the playground.
    assert http.get("/", follow_redirects=False).headers["location"] == "/graphql"


def test_page_references_no_external_host(http: httpx.Client) -> None:
    text = get_page(http)
    for tag, ref in parse(text).refs:
        assert ref.startswith("/static/") or ref.startswith("data:"), (tag, ref)
    # Not in attributes, not in inline text either (e.g. a CDN url in a script or an @import).
    assert not re.search(r"(https?:)?//[\w.-]+\.\w", text)
    for ours in ("playground.js", "playground.css"):
        assert not re.search(r"https?://", (STATIC / ours).read_text()), ours
    # GraphiQL's stylesheet must not pull fonts or images from elsewhere: every url() is inline data.
    css = (STATIC / "vendor" / "graphiql.min.css").read_text()
    assert "@import" not in css
    urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", css)
    assert urls and all(url.startswith(("data:", "#")) for url in urls), {u[:40] for u in urls}


def test_vendored_files_are_the_npm_packages_files() -> None:
    """api/static/vendor is an exact copy of node_modules (scripts/vendor_graphiql.sh), as README.md lists."""
    if not (NODE_MODULES / "graphiql").is_dir():
        pytest.fail("node_modules/graphiql is missing: run `make install` (npm ci installs the devDependencies)")
    declared = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    readme = (STATIC / "README.md").read_text()
    for name, (package, path) in VENDORED.items():
        installed = json.loads((NODE_MODULES / package / "package.json").read_text())
        assert installed["version"] == declared[package], f"npm ci has not run since {package} changed: make install"
        assert f"`{package}@{installed['version']}`" in readme, f"api/static/README.md does not list {package}"
        assert installed["license"] == "MIT", package
        vendored = (STATIC / "vendor" / name).read_bytes()
        assert vendored == (NODE_MODULES / package / path).read_bytes(), (
            f"api/static/vendor/{name} is not {package}@{installed['version']}/{path}: run scripts/vendor_graphiql.sh"
        )


def test_config_survives_script_breaking_text(monkeypatch: pytest.MonkeyPatch) -> None:
    query = '# </script><script>alert("x")</script> & <!-- "quotes" سيرغي\n{ countries { code } }\n'
    monkeypatch.setattr(playground, "DEFAULT_QUERY", query)
    text = playground.page_html()
    assert text.count("</script>") == len(playground.SCRIPTS) + 1
    assert parse(text).config == {"defaultQuery": query, "title": "Khabar"}


@pytest.mark.usefixtures("seeded")
def test_default_query_returns_linked_seed_data(gql: GraphQL) -> None:
    # Valid, and teaching the current API (no @deprecated field).
    rules = [*specified_rules, NoDeprecatedCustomRule]
    errors = validate(schema._schema, graphql.parse(playground.DEFAULT_QUERY), rules)
    assert not errors, [error.message for error in errors]
    data = data_of(gql(playground.DEFAULT_QUERY))
    visits = data["visits"]
    assert visits["totalCount"] == len(visits["edges"]) >= 4
    nodes = [edge["node"] for edge in visits["edges"]]
    # Latest first: Lavrov's planned visit of July 2025 opens the list.
    first = nodes[0]
    assert first["visitor"]["name"] == "Sergei Lavrov"
    assert (first["startDate"], first["endDate"], first["status"]) == ("2025-07-11", "2025-07-13", "PLANNED")
    assert first["destination"] == {"name": "Pyongyang", "nameAr": "بيونغ يانغ"}
    assert first["sources"] and all(source["quote"] and source["article"]["title"] for source in first["sources"])
    # Linked: the treaty signed during Putin's June 2024 visit.
    putin = next(node for node in nodes if node["visitor"]["name"] == "Vladimir Putin" and node["startDate"])
    assert putin["agreements"] == [{"name": "Comprehensive military agreement", "signedOn": "2024-06"}]


def test_static_files_are_packaged() -> None:
    """`pip install .` (the Dockerfile) must ship api/static, or the app cannot start outside the work tree."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"].get("api", [])
    packaged = {path for pattern in patterns for path in (ROOT / "api").glob(pattern) if path.is_file()}
    files = {path for path in STATIC.rglob("*") if path.is_file()}
    missing = sorted(str(path.relative_to(ROOT)) for path in files - packaged)
    assert not missing, f'pyproject.toml [tool.setuptools.package-data] "api" does not ship {missing}'
