"""Bilingual search over entities, facts and articles, ranked, with the matched words highlighted.

Names and texts are indexed as folded search keys (graph.text), so case, diacritics,
alef/hamza/yaa/taa-marbuta forms and common transliteration variants do not matter:
"بيونغ يانغ", "بيونج يانج", "بيونغيانغ" and "Pyongyang" find the same place.
"""

from __future__ import annotations

import html
from enum import Enum
from typing import Annotated, Any

import strawberry

from graph import model
from graph.text import find_spans, fold
from schema.errors import UserInputError
from schema.limits import search_words
from schema.pagination import Connection, Edge, Page, PageRequest, encode_cursor, page_info
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
    field: str = strawberry.field(
        description="Which field matched: name, nameAr, alias, quote, summary, title, text..."
    )
    text: str = strawberry.field(description="The matched field in its original spelling (a snippet for article text).")
    highlights: list[TextSpan] = strawberry.field(description="Matched stretches of `text`.")

    @strawberry.field(description="`text`, HTML-escaped, with each match wrapped in <mark>...</mark>.")
    def highlighted(self) -> str:
        out, last = [], 0
        for span in self.highlights:
            out += [
                html.escape(self.text[last : span.start]),
                "<mark>",
                html.escape(self.text[span.start : span.end]),
                "</mark>",
            ]
            last = span.end
        out.append(html.escape(self.text[last:]))
        return "".join(out)


def lucene_query(words: list[str]) -> str:
    """All words (each exact, as a prefix, or fuzzily when long), or the words written together.
    Callers cap the words (schema.limits.search_words): each adds clauses Lucene must expand."""

    def word(w: str) -> str:
        return f"({w} OR {w}* OR {w}~1)" if len(w) >= 5 else f"({w} OR {w}*)"

    query = " AND ".join(word(w) for w in words)
    if len(words) > 1:
        query = f"({query}) OR {word(''.join(words))}"
    return query


def _candidates(label: str, props: dict[str, Any]) -> list[tuple[str, str]]:
    if label in ("Person", "Country", "Organization", "Place"):
        return [("name", props["name"]), ("nameAr", props.get("nameAr") or "")] + [
            ("alias", alias) for alias in props.get("aliases") or []
        ]
    if label == "Article":
        return [("title", props["title"]), ("text", props["text"])]
    fields = ("quote", "summary", "purpose", "name", "nameAr")
    return [(f, props[f]) for f in fields if props.get(f)] + [("clause", c) for c in props.get("clauses") or []]


def _highlight(label: str, props: dict[str, Any], terms: list[str]) -> tuple[str, str, list[TextSpan]]:
    candidates = _candidates(label, props)
    for field, text in candidates:
        spans = find_spans(text, terms)
        if not spans:
            continue
        if field == "text":
            start, end = max(0, spans[0][0] - SNIPPET), min(len(text), spans[0][1] + SNIPPET)
            text = text[start:end]
            spans = [(a - start, b - start) for a, b in spans if a >= start and b <= end]
        return field, text, [TextSpan(start=a, end=b) for a, b in spans]
    field, text = candidates[0]  # a fuzzy match: no literal span to mark
    return field, text, []


SEARCH_CYPHER = f"""
CALL () {{
  CALL db.index.fulltext.queryNodes('{model.FULLTEXT_ENTITY_INDEX}', $query) YIELD node, score RETURN node, score
  UNION ALL
  CALL db.index.fulltext.queryNodes('{model.FULLTEXT_FACT_INDEX}', $query) YIELD node, score RETURN node, score
  UNION ALL
  CALL db.index.fulltext.queryNodes('{model.FULLTEXT_ARTICLE_INDEX}', $query) YIELD node, score RETURN node, score
}}
WITH node, score WHERE size($labels) = 0 OR any(l IN labels(node) WHERE l IN $labels)
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
            "labels": [kind.value for kind in kinds or []],
            "limit": page.limit + 1,
        }
        keyset = ""
        if page.cursor is not None:
            keyset = "WITH node, score WHERE score < $score OR (score = $score AND node.id > $id)"
            params.update(score=page.cursor[0], id=page.cursor[1])
        reader = info.context.reader
        terms = [*words, "".join(words)]

        async def fetch() -> Page:
            rows = await reader.rows(
                f"{SEARCH_CYPHER} {keyset} RETURN labels(node) AS labels, properties(node) AS props, score "
                "ORDER BY score DESC, node.id ASC LIMIT $limit",
                **params,
            )
            edges = []
            for row in rows[: page.limit]:
                label = next(label for label in row["labels"] if label in SearchKind._value2member_map_)
                field, text, spans = _highlight(label, row["props"], terms)
                hit = SearchHit(
                    kind=SearchKind(label), node=build(row), score=row["score"], field=field, text=text,
                    highlights=spans,
                )  # fmt: skip
                edges.append(Edge(cursor=encode_cursor(row["score"], row["props"]["id"]), node=hit))
            return edges, page_info(edges, len(rows) > page.limit, True, after, None)

        async def count() -> int:
            total = await reader.rows(f"{SEARCH_CYPHER} RETURN count(*) AS total", **params)
            return int(total[0]["total"])

        return Connection(_fetch=fetch, _count=count)
