"""Bilingual search over entities, facts and articles, ranked, with the matched words highlighted.

Names and texts are indexed as folded search keys (graph.text), so case, diacritics,
alef/hamza/yaa/taa-marbuta forms and common transliteration variants do not matter:
"بيونغ يانغ", "بيونج يانج", "بيونغيانغ" and "Pyongyang" find the same place. Digits are folded
too ("6,500", "٦٬٥٠٠" and "6500" are one key).

A query also stands for the entities it names: their names and aliases in every script widen the
search of facts and articles, and the facts linked to them (visits too) and the articles citing
them are hits, so "Pyongyang" finds the Arabic text that says بيونغ يانغ. All in one Cypher
statement for the page and totalCount, whatever the query, reading only the indexes of the kinds asked for.
"""

from __future__ import annotations

import dataclasses
import functools
import html
from collections.abc import Iterable
from enum import Enum
from typing import Annotated, Any

import strawberry

from graph import model
from graph.text import find_spans, fold
from schema.data import PROPS
from schema.errors import UserInputError
from schema.limits import search_words
from schema.pagination import Connection, Edge, PageRequest, page_info
from schema.types import Ctx, Node, build

SNIPPET = 80  # characters of context either side of a match in article text


@strawberry.enum(description="Kinds of things search can return.")
class SearchKind(Enum):
    PERSON = "Person"
    COUNTRY = "Country"
    ORGANIZATION = "Organization"
    PLACE = "Place"
    VISIT = "Visit"
    AGREEMENT = "Agreement"
    STATEMENT = "Statement"
    EVENT = "Event"
    ARTICLE = "Article"


@strawberry.type(description="A stretch of `text` that matched the query.")
class TextSpan:
    start: int = strawberry.field(description="Offset of the first matched character in `text`.")
    end: int = strawberry.field(description="Offset just past the match.")


@strawberry.type(description="One search result: what matched, where, and how well.")
class SearchHit:
    kind: SearchKind = strawberry.field(description="What sort of thing matched.")
    node: Node = strawberry.field(description="The matching entity, fact or article.")
    score: float = strawberry.field(description="Relevance (higher is better) from the fulltext index.")
    # what the match is looked for in, when a field below is asked for (most pages ask for none)
    _row: strawberry.Private[dict[str, Any]] = dataclasses.field(default_factory=dict)
    _terms: strawberry.Private[tuple[list[str], list[str]]] = ([], [])
    _match: strawberry.Private[tuple[str, str, list[TextSpan]] | None] = None

    def _matched(self) -> tuple[str, str, list[TextSpan]]:
        if self._match is None:
            row = self._row
            self._match = _highlight(self.kind.value, row["props"], row["quotes"], *self._terms)
        return self._match

    @strawberry.field(
        description="Which field matched: name, nameAr, alias, quote, summary, purpose, clause, title, text, "
        "evidence (a quote supporting the fact), or id (a fact found through an entity, with no text to show)"
    )
    def field(self) -> str:
        return self._matched()[0]

    @strawberry.field(description="The matched field in its original spelling (a snippet for article text).")
    def text(self) -> str:
        return self._matched()[1]

    @strawberry.field(description="Matched stretches of `text`.")
    def highlights(self) -> list[TextSpan]:
        return self._matched()[2]

    @strawberry.field(description="`text`, HTML-escaped, with each match wrapped in <mark>...</mark>.")
    def highlighted(self) -> str:
        _, text, spans = self._matched()
        out, last = [], 0
        for span in spans:
            out += [html.escape(text[last : span.start]), "<mark>", html.escape(text[span.start : span.end]), "</mark>"]
            last = span.end
        out.append(html.escape(text[last:]))
        return "".join(out)


def lucene_query(words: list[str], fuzzy: bool = True) -> str:
    """All words (each exact, as a prefix, or fuzzily when long), or the words written together.
    Callers cap the words (schema.limits.search_words): each adds clauses Lucene must expand."""

    def word(w: str) -> str:
        return f"({w} OR {w}* OR {w}~1)" if fuzzy and len(w) >= 5 else f"({w} OR {w}*)"

    query = " AND ".join(word(w) for w in words)
    if len(words) > 1:
        query = f"({query}) OR {word(''.join(words))}"
    return query


def _candidates(label: str, props: dict[str, Any], quotes: list[str]) -> list[tuple[str, str]]:
    if label in ("Person", "Country", "Organization", "Place"):
        return [("name", props["name"]), ("nameAr", props.get("nameAr") or "")] + [
            ("alias", alias) for alias in props.get("aliases") or []
        ]
    if label == "Article":
        return [("title", props["title"]), ("text", props["text"])]
    fields = ("quote", "summary", "purpose", "name", "nameAr")
    return (
        [(f, props[f]) for f in fields if props.get(f)]
        + [("clause", c) for c in props.get("clauses") or []]
        + [("evidence", q) for q in quotes]
    )


def _expansion_terms(terms: list[str]) -> list[str]:
    """The names of the entities a query matched, whole and word by word (a surname alone, لافروف;
    words of four letters or more, so "of" or "the" in a name marks nothing)."""
    found: list[str] = []
    for term in terms:
        for candidate in (term, *term.split()):
            if (candidate == term or len(candidate) >= 4) and candidate not in found:
                found.append(candidate)
    return found


def _highlight(
    label: str, props: dict[str, Any], quotes: list[str], terms: list[str], expanded: list[str]
) -> tuple[str, str, list[TextSpan]]:
    candidates = _candidates(label, props, quotes) or [("id", props["id"])]  # a fact with no text of its own
    # The query's own words first; failing those, the names of the entities it matched (so
    # "Pyongyang" marks بيونغ يانغ in Arabic text).
    for wanted in (terms, expanded):
        for field, text in candidates:
            spans = find_spans(text, wanted)
            if not spans:
                continue
            if field == "text":
                start, end = max(0, spans[0][0] - SNIPPET), min(len(text), spans[0][1] + SNIPPET)
                text = text[start:end]
                spans = [(a - start, b - start) for a, b in spans if a >= start and b <= end]
            return field, text, [TextSpan(start=a, end=b) for a, b in spans]
    field, text = candidates[0]  # a fuzzy match: no literal span to mark
    return field, text, []


# How many entities a query may stand for (the best strict matches of their names and aliases).
EXPAND_ENTITIES = 5
# A fact or article that only links to a matched entity ranks below that entity.
LINK_WEIGHT = 0.5

# One statement: the entities the query names (strictly: words exact or as prefixes, never fuzzy)
# widen the query with their names and aliases in every script, and bring the facts linked to
# them and the articles that cite them; then entities (the query as typed), facts and articles
# (the widened query) come from the three fulltext indexes. A node found several ways keeps its best score.
_ENTITY_LABELS = frozenset(("Person", "Country", "Organization", "Place"))
_FACT_LABELS = ("Visit", "Agreement", "Statement", "Event")

# A hit after the page's cursor (score, then id): the id is read only for a hit tied with the cursor's score.
_AFTER_CURSOR = "$score IS NULL OR score < $score OR (score = $score AND node.id > $id)"


@functools.cache
def search_cypher(labels: frozenset[str]) -> str:
    """One statement for a page and the total: the hits of the kinds asked for (all when `labels` is empty),
    from only the indexes and links that can give them, best first, then `total` and the `page` after the
    cursor. The entities the query names (strictly: words exact or as prefixes, never fuzzy) widen the query
    of facts and articles with their names and aliases in every script, and bring the facts linked to them and
    the articles that cite them; entities come from the query as typed. A node found several ways keeps its
    best score."""
    wanted = labels or frozenset((*_ENTITY_LABELS, *_FACT_LABELS, "Article"))
    facts = [label for label in _FACT_LABELS if label in wanted]

    def only(kinds: Iterable[str]) -> str:
        # an index's hits of the kinds asked for, before they are merged and sorted
        kept = sorted(set(kinds) & wanted)
        return "" if len(kept) == len(set(kinds)) else f"WHERE {' OR '.join(f'node:{k}' for k in kept)} "

    # Each index gives kinds no other index gives, so a node is found by text at most once; only the links from
    # the entities the query names can find it again (and then the best score is kept).
    found, linked = [], []
    seed = "UNWIND seeds AS seed WITH seed.node AS entity, seed.score AS score MATCH (entity)"
    if wanted & _ENTITY_LABELS:
        found.append(f"CALL db.index.fulltext.queryNodes('{model.FULLTEXT_ENTITY_INDEX}', $query) YIELD node, score "
                     f"{only(_ENTITY_LABELS)}RETURN node, score")  # fmt: skip
    if facts:
        found.append(f"CALL db.index.fulltext.queryNodes('{model.FULLTEXT_FACT_INDEX}', widened) YIELD node, score "
                     f"{only(_FACT_LABELS)}RETURN node, score")  # fmt: skip
        linked.append(f"{seed}--(node:{'|'.join(facts)}) RETURN node, score * {LINK_WEIGHT} AS score")
    if "Article" in wanted:
        found.append(f"CALL db.index.fulltext.queryNodes('{model.FULLTEXT_ARTICLE_INDEX}', widened) YIELD node, score "
                     "RETURN node, score")  # fmt: skip
        linked.append(
            f"{seed}-[:{model.SUPPORTED_BY.type}]->(node:Article) RETURN node, score * {LINK_WEIGHT} AS score"
        )
    if wanted & {*_FACT_LABELS, "Article"}:
        seeds = f"""
CALL () {{
  CALL db.index.fulltext.queryNodes('{model.FULLTEXT_ENTITY_INDEX}', $strict) YIELD node, score
  RETURN node AS seed, score AS seedScore ORDER BY seedScore DESC, seed.id ASC LIMIT $expand
}}
WITH collect({{node: seed, score: seedScore}}) AS matched
// An entity named exactly by the query stands for it alone ("Russia" is the country, not every
// organization "of Russia"); otherwise every strict match does.
WITH [m IN matched WHERE any(t IN $exact WHERE t IN m.node.searchTerms)] AS exact, matched
WITH CASE WHEN size(exact) > 0 THEN exact ELSE matched END AS seeds
WITH seeds, reduce(acc = [], seed IN seeds | acc + [t IN coalesce(seed.node.searchTerms, []) WHERE NOT t IN acc])
     AS expandTerms
WITH seeds, expandTerms,
     '(' + $query + ')' + reduce(q = '', t IN expandTerms | q + ' OR "' + t + '"') AS widened"""
    else:
        seeds = "WITH [] AS seeds, [] AS expandTerms, $query AS widened"
    hits = f"""CALL (seeds, widened) {{
  CALL (seeds, widened) {{
    {" UNION ALL ".join(found)}
  }}
  RETURN collect({{node: node, score: score}}) AS found
}}"""
    if linked:  # most queries name no entity: their hits are taken as found, with no grouping of every hit by node
        hits += f"""
CALL (seeds) {{
  CALL (seeds) {{
    {" UNION ALL ".join(linked)}
  }}
  RETURN collect({{node: node, score: score}}) AS linked
}}
CALL (found, linked) {{
  WITH found, linked WHERE size(linked) = 0
  RETURN found AS hits
  UNION ALL
  WITH found, linked WHERE size(linked) > 0
  CALL (found, linked) {{  // runs only for a row that passed: an aggregation over no rows would still give one
    UNWIND found + linked AS hit
    WITH hit.node AS node, max(hit.score) AS score
    RETURN collect({{node: node, score: score}}) AS hits
  }}
  RETURN hits
}}"""
    else:
        hits += "\nWITH seeds, expandTerms, found AS hits"
    return f"""{seeds}
{hits}
// the total is every hit; the page only the best after the cursor (a top-k, not a sort of every hit). Its lowest
// score comes first, from the scores alone: the ids that break ties are read only for the hits scoring that much
// (reading one per hit was a third of a search of thousands of hits).
CALL (hits) {{
  UNWIND hits AS hit
  WITH hit.node AS node, hit.score AS score WHERE {_AFTER_CURSOR}
  WITH score ORDER BY score DESC LIMIT $limit
  RETURN min(score) AS floor
}}
CALL (hits, floor) {{
  UNWIND hits AS hit
  WITH hit.node AS node, hit.score AS score WHERE score >= floor AND ({_AFTER_CURSOR})
  WITH node, score ORDER BY score DESC, node.id ASC LIMIT $limit
  RETURN collect({{node: node, score: score}}) AS page
}}
WITH expandTerms, size(hits) AS total, page
CALL (page) {{
  UNWIND page AS hit WITH hit.node AS node, hit.score AS score
  RETURN collect({{labels: labels(node), props: node {PROPS}, score: score,
                  quotes: [(node)-[r:{model.SUPPORTED_BY.type}]->() | r.quote]}}) AS rows
}}
RETURN expandTerms, total, rows AS page
"""


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="Search names, statements, facts and article text in Arabic or English, ranked by relevance."
    )
    async def search(
        self,
        info: Ctx,
        query: Annotated[str, strawberry.argument(description="Words to find, any script or spelling.")],
        kinds: Annotated[
            list[SearchKind] | None, strawberry.argument(description="Only these kinds (default: all).")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor to continue after.")] = None,
    ) -> Connection[SearchHit] | None:
        folded = fold(query)
        if not folded:
            raise UserInputError("query", "needs at least one letter or digit")
        words = search_words(folded, "query", info.context.settings)
        page = PageRequest.of(first, after, None, None, info.context.settings.max_page_size)
        params: dict[str, Any] = {
            "query": lucene_query(words),
            "strict": lucene_query(words, fuzzy=False),
            "expand": EXPAND_ENTITIES,
            "exact": [folded, folded.replace(" ", "")],
            "limit": page.limit + 1,
            "score": page.cursor[0] if page.cursor else None,
            "id": page.cursor[1] if page.cursor else None,
        }
        labels = frozenset(kind.value for kind in kinds or [])
        rows = await info.context.reader.rows(search_cypher(labels), maps=True, **params)
        terms = [*words, "".join(words)]
        marking = (terms, _expansion_terms(rows[0]["expandTerms"]) if rows else [])
        total, hits = (rows[0]["total"], rows[0]["page"]) if rows else (0, [])
        edges = []
        for row in hits[: page.limit]:
            label = next(label for label in row["labels"] if label in SearchKind._value2member_map_)
            hit = SearchHit(kind=SearchKind(label), node=build(row), score=row["score"], _row=row, _terms=marking)
            edges.append(Edge(node=hit, sort_key=row["score"], node_id=row["props"]["id"]))
        return Connection(_page=(edges, page_info(edges, len(hits) > page.limit, True, after, None)), _total=total)
