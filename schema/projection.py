"""The read compiler: a field's selection set as one Cypher map projection.

Related nodes, evidence and nested connections become COLLECT/COUNT subqueries inside the
projection, so a root field costs one statement (plus its count) whatever the nesting depth or
page size, and only the properties the selection needs leave the database. What it does not
know how to compile (a field added later, conflicting fragments, bad nested arguments) is left
out and resolved the slow way by the field's own resolver, which finds nothing prefetched.

A compiled node is a map: its properties, `_labels`, and `_pre` {response key: prefetched value}.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from schema.data import RELATIONS, SORT_KEYS, keyset
from schema.errors import UserInputError
from schema.pagination import PageRequest
from schema.selection import Selected, selected

_ENTITY = {"id": ("id",), "name": ("name",), "nameAr": ("nameAr",), "aliases": ("aliases",),
           "verified": ("verified",)}  # fmt: skip
_FACT = {"id": ("id",), "confidence": ("confidence",)}

# GraphQL field -> the stored properties its value is built from (see schema.types' builders)
PROPS: dict[str, dict[str, tuple[str, ...]]] = {
    "Person": _ENTITY,
    "Country": {**_ENTITY, "code": ("code",)},
    "Organization": {**_ENTITY, "kind": ("kind",)},
    "Place": {**_ENTITY, "kind": ("kind",)},
    "Visit": {**_FACT, "startDate": ("start",), "endDate": ("end",), "startDatePrecision": ("start",),
              "endDatePrecision": ("end",), "status": ("status",), "purpose": ("purpose",),
              "series": ("count", "several")},
    "Agreement": {**_FACT, "name": ("name",), "nameAr": ("nameAr",), "kind": ("kind",), "signedOn": ("signedOn",),
                  "signedOnPrecision": ("signedOn",), "status": ("status",), "clauses": ("clauses",)},
    "Statement": {**_FACT, "date": ("date",), "datePrecision": ("date",), "summary": ("summary",),
                  "quote": ("quote",)},
    "Event": {**_FACT, "kind": ("kind",), "summary": ("summary",), "date": ("date",), "datePrecision": ("date",),
              "status": ("status",)},
    "Article": {"id": ("id",), "title": ("title",), "language": ("language",), "publishedOn": ("published",),
                "publishedOnPrecision": ("published",), "publishedInferred": ("publishedInferred",),
                "source": ("source",), "url": ("url",), "cites": ("cites",), "text": ("text",)},
    "Role": {"title": ("title",), "titleAr": ("titleAr",), "since": ("since",), "until": ("until",),
             "government": ("government",)},
}  # fmt: skip

ENTITIES = ("Person", "Country", "Organization", "Place")
FACTS = ("Visit", "Agreement", "Statement", "Event")
POSSIBLE: dict[str, tuple[str, ...]] = {"Node": (*ENTITIES, *FACTS, "Article"), "Entity": ENTITIES, "Fact": FACTS}


@dataclass(frozen=True)
class Related:
    relation: str  # key of schema.data.RELATIONS
    target: str  # GraphQL type of the related nodes
    many: bool = False


# GraphQL field -> the relation it follows (see schema.types' resolvers)
RELATED: dict[str, dict[str, Related]] = {
    "Person": {"roles": Related("roles", "Role", True), "country": Related("citizenship", "Country"),
               "visits": Related("visits", "Visit", True), "statements": Related("statements", "Statement", True)},
    "Country": {"capital": Related("capital", "Place"), "people": Related("people", "Person", True),
                "visitsMade": Related("visitsMade", "Visit", True),
                "visitsHosted": Related("visitsHosted", "Visit", True),
                "agreements": Related("agreements", "Agreement", True)},
    "Organization": {"country": Related("basedIn", "Country")},
    "Place": {"country": Related("locatedIn", "Country")},
    "Visit": {"visitor": Related("visitor", "Person"), "visitorCountry": Related("visitorCountry", "Country"),
              "hostCountry": Related("hostCountry", "Country"), "destination": Related("destination", "Place"),
              "invitedBy": Related("invitedBy", "Entity"), "delegation": Related("delegation", "Person", True),
              "agreements": Related("signedAgreements", "Agreement", True),
              "latestOf": Related("latestOf", "Visit")},
    "Agreement": {"parties": Related("parties", "Entity", True), "signedDuring": Related("signedDuring", "Visit")},
    "Statement": {"speaker": Related("speaker", "Entity"), "about": Related("about", "Node", True),
                  "subjects": Related("about", "Node", True)},
    "Event": {"participants": Related("participants", "Entity", True), "place": Related("place", "Place")},
    "Article": {"facts": Related("articleFacts", "Fact", True), "outlet": Related("outlet", "Organization"),
                "entities": Related("articleEntities", "Entity", True)},
    "Role": {"organization": Related("role.organization", "Organization"),
             "country": Related("role.country", "Country")},
}  # fmt: skip

# Paged relation fields: GraphQL field -> relation (its nodes' type is the relation's target)
CONNECTIONS: dict[str, dict[str, Related]] = {
    "Person": {"visitsConnection": Related("visits", "Visit"), "statementsConnection": Related("statements",
                                                                                                 "Statement")},
    "Country": {"peopleConnection": Related("people", "Person"), "visitsMadeConnection": Related("visitsMade", "Visit"),
                "visitsHostedConnection": Related("visitsHosted", "Visit"),
                "agreementsConnection": Related("agreements", "Agreement")},
    "Article": {"factsConnection": Related("articleFacts", "Fact")},
}  # fmt: skip

_WITH_SOURCES = (*ENTITIES, *FACTS)


def connection_sort(relation: str) -> str:
    """How a paged relation is ordered: by date when its nodes are dated (the same rule as the root lists)."""
    return "DATE" if "spanFrom" in RELATIONS[relation][1] else "NAME"


def _rename(pattern: str, source: str, target: str) -> str:
    pattern = re.sub(r"\(s([:)])", rf"({source}\1", pattern)
    return re.sub(r"\(t([:)])", rf"({target}\1", pattern)


def _distinct(pattern: str) -> str:
    """DISTINCT where a relation can reach a node twice: a fact or entity has one SUPPORTED_BY per quote."""
    return "DISTINCT " if "SUPPORTED_BY" in pattern else ""


def _merge(fields: Iterable[Selected]) -> dict[str, list[Selected]]:
    by_key: dict[str, list[Selected]] = {}
    for field in fields:
        by_key.setdefault(field.key, []).append(field)
    return by_key


async def compiled(info: Any, type_name: str, match: str, order: str = "", **params: Any) -> list[dict[str, Any]]:
    """The records of the nodes `match` binds to `n`, each projected with what the field selects below it."""
    projector = Projector(info.context.settings.max_page_size, info.context.settings.compile_reads)
    fields = selected(info)
    projection = projector.node("n", type_name, fields)
    rows = await info.context.reader.rows(f"{match} RETURN {projection} AS row {order}", maps=True, **params,
                                          **projector.params)  # fmt: skip
    return [row["row"] for row in rows]


class Projector:
    """Builds projections; collects the parameters they use (named apart, so subqueries nest)."""

    def __init__(self, max_page_size: int, enabled: bool = True) -> None:
        self.params: dict[str, Any] = {}
        self.max_page_size = max_page_size
        self.enabled = enabled  # off (settings.compile_reads): whole nodes, and every field resolves itself
        self._names = 0

    def name(self, prefix: str) -> str:
        self._names += 1
        return f"{prefix}{self._names}"

    def param(self, value: Any) -> str:
        name = self.name("p")
        self.params[name] = value
        return f"${name}"

    def node(self, var: str, type_name: str, fields: Iterable[Selected]) -> str:
        """A map projection of the node bound to `var`, at a position of GraphQL type `type_name`."""
        if not self.enabled:
            return f"{var} {{.*, _labels: labels({var})}}"
        possible = POSSIBLE.get(type_name, (type_name,))
        props: set[str] = {"id"}
        everything = False
        pre: list[str] = []
        for key, group in _merge(fields).items():
            field = group[0]
            types = [t for t in possible if any(f.on is None or t in POSSIBLE.get(f.on, (f.on,)) for f in group)]
            if field.name == "__typename":
                continue
            known = False
            for t in types:
                for f in group:
                    if f.name in PROPS.get(t, {}):
                        props.update(PROPS[t][f.name])
                        known = True
            same = all(f.name == field.name and f.arguments == field.arguments for f in group)
            children = [child for f in group for child in f.children]
            value = self._prefetch(var, field, types, children) if same else None
            if value is not None:
                pre.append(f"`{key}`: {value}")
            elif not known:
                everything = True  # a field this compiler does not know may read any property
        items = [".*"] if everything else [f".`{p}`" for p in sorted(props)]
        items.append(f"_labels: labels({var})")
        if pre:
            items.append(f"_pre: {{{', '.join(pre)}}}")
        return f"{var} {{{', '.join(items)}}}"

    def _prefetch(self, var: str, field: Selected, types: list[str], children: list[Selected]) -> str | None:
        if field.name == "sources" and types and all(t in _WITH_SOURCES for t in types):
            return self._evidence(var, children)
        for table, build in ((RELATED, self._related), (CONNECTIONS, self._connection)):
            specs = {table[t][field.name] for t in types if field.name in table.get(t, {})}
            if len(specs) == 1 and len([t for t in types if field.name in table.get(t, {})]) == len(types):
                return build(var, specs.pop(), field, children)
        return None

    def _related(self, var: str, spec: Related, field: Selected, children: list[Selected]) -> str | None:
        if field.arguments:
            return None
        pattern, order = RELATIONS[spec.relation]
        t = self.name("t")
        limit = "" if spec.many else " LIMIT 1"
        order = re.sub(r"\bt\.", f"{t}.", order)
        return (
            f"COLLECT {{ MATCH {_rename(pattern, var, t)} WITH {_distinct(pattern)}{t} ORDER BY {order}, {t}.id{limit} "
            f"RETURN {self.node(t, spec.target, children)} }}"
        )

    def _connection(self, var: str, spec: Related, field: Selected, children: list[Selected]) -> str | None:
        args = field.arguments
        try:
            page = PageRequest.of(args.get("first"), args.get("after"), args.get("last"), args.get("before"),
                                  self.max_page_size)  # fmt: skip
        except UserInputError:
            return None  # the field's own resolver reports it, at the field's path
        pattern, _ = RELATIONS[spec.relation]
        t = self.name("t")
        match = f"MATCH {_rename(pattern, var, t)}"
        parts = []
        nodes = [c for f in children if f.name == "edges" for c in f.children if c.name == "node"]
        nodes += [f for f in children if f.name == "nodes"]
        if nodes or any(f.name == "pageInfo" for f in children):
            key = SORT_KEYS[connection_sort(spec.relation)][0].replace("n.", f"{t}.")
            order = "ASC" if page.forward else "DESC"
            where = ""
            if page.cursor is not None:
                conditions = keyset(key, f"{t}.id", page.forward, self.param(page.cursor[0]),
                                    self.param(page.cursor[1]))  # fmt: skip
                where = f" WHERE {' AND '.join(conditions)}"
            node = self.node(t, spec.target, [c for f in nodes for c in f.children])
            # Sorted from the owner's relationships (a Top of the few it has), not read in the key's index order.
            parts.append(
                f"rows: COLLECT {{ {match}{where} WITH {_distinct(pattern)}{t} "
                f"ORDER BY {key} {order}, {t}.id {order} LIMIT {self.param(page.limit + 1)} "
                f"RETURN {{k: {key}, node: {node}}} }}"
            )
        if any(f.name == "totalCount" for f in children):
            parts.append(f"total: COUNT {{ {match} RETURN {_distinct(pattern)}{t} }}")
        return f"{{{', '.join(parts)}}}"

    def _evidence(self, var: str, children: list[Selected]) -> str:
        a, o = self.name("a"), self.name("o")
        r = self.name("r")
        pre = []
        by_key = _merge(children)
        for key, group in by_key.items():
            field = group[0]
            if not all(f.name == field.name for f in group):
                continue
            nested = [c for f in group for c in f.children]
            if field.name == "article":
                pre.append(f"`{key}`: {self.node(a, 'Article', nested)}")
            elif field.name == "reportedBy":
                pre.append(f"`{key}`: COLLECT {{ MATCH ({o}:Node {{id: {r}.reportedBy}}) "
                           f"RETURN {self.node(o, 'Entity', nested)} }}[0]")  # fmt: skip
        extra = f", _pre: {{{', '.join(pre)}}}" if pre else ""
        return (
            f"COLLECT {{ MATCH ({var})-[{r}:SUPPORTED_BY]->({a}:Article) WITH {r}, {a} "
            f"ORDER BY {a}.spanFrom, {a}.id, {r}.start RETURN {{article: {a}.id, quote: {r}.quote, start: {r}.start, "
            f"end: {r}.end, confidence: {r}.confidence, reportedBy: {r}.reportedBy{extra}}} }}"
        )


# relation -> GraphQL type of its nodes, for the paged relations
TARGETS = {spec.relation: spec.target for table in CONNECTIONS.values() for spec in table.values()}
