"""Checks a facts document beyond its shape: ids, references, evidence spans.

Errors name the file, the item (by list position and id) and the field, so a
curator can go straight to the line that is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ValidationError

from loaders.document import (
    ID_PATTERNS,
    REFERENCE_KINDS,
    REPORTED_BY_KINDS,
    CountryEntity,
    Evidence,
    FactsDocument,
    OrganizationEntity,
    PersonEntity,
    PlaceEntity,
)


def format_validation_error(error: ValidationError, where: str, raw: object) -> list[str]:
    """pydantic errors as 'file: facts[3] (visit:x) field start: message'."""
    messages = []
    for item in error.errors():
        loc = list(item["loc"])
        label = _describe_location(loc, raw)
        if item["type"] in ("union_tag_invalid", "union_tag_not_found"):
            label += f" field {str(item.get('ctx', {}).get('discriminator', 'kind')).strip(chr(39))}"
        messages.append(f"{where}: {label}: {item['msg']}")
    return messages


def _describe_location(loc: list[object], raw: object) -> str:
    """'facts[3] (visit:x) field start' for an item of a top-level list, else 'field article.published'."""
    item, parts = "", []
    node = raw
    for step in loc:
        if isinstance(node, dict) and isinstance(step, str) and step not in node and not parts and item \
                and step in (node.get("kind"), node.get("type")):
            continue  # the tag a discriminated union adds ("visit") is not a field; a missing field is
        if isinstance(step, int) and not item and len(parts) == 1:
            node = node[step] if isinstance(node, list) and step < len(node) else None
            item = f"{parts.pop()}[{step}]"
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                item += f" ({node['id']})"
            continue
        if isinstance(step, int):
            parts[-1] = f"{parts[-1]}[{step}]" if parts else f"[{step}]"
            node = node[step] if isinstance(node, list) and step < len(node) else None
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    field = "field " + ".".join(parts) if parts else ""
    return " ".join(p for p in (item, field) if p) or "document"


def check_document(doc: FactsDocument, text: str, where: str) -> list[str]:
    """Every error in the document, each naming the item and field; empty when valid."""
    errors: list[str] = []
    declared: dict[str, str] = {}
    items = [(f"entities[{i}]", e, e.kind) for i, e in enumerate(doc.entities)]
    items += [(f"facts[{i}]", f, f.type) for i, f in enumerate(doc.facts)]
    for label, item, kind in items:
        if not ID_PATTERNS[kind].match(item.id):
            errors.append(f"{where}: {label} ({item.id}) field id: does not follow the '{kind}' id convention")
        if item.id in declared:
            errors.append(f"{where}: {label} ({item.id}) field id: declared twice")
        declared[item.id] = kind
    countries = {e.code for e in doc.entities if isinstance(e, CountryEntity)}
    for i, entity in enumerate(doc.entities):
        label = f"entities[{i}] ({entity.id})"
        if isinstance(entity, CountryEntity):
            if entity.id != f"country:{entity.code}":
                errors.append(f"{where}: {label} field code: id must be country:{entity.code}")
            errors += _refs(where, label, "capital", [entity.capital], ("place",), declared)
        if isinstance(entity, PersonEntity | OrganizationEntity | PlaceEntity):
            errors += _codes(where, label, "country", [entity.country], countries)
        if isinstance(entity, PersonEntity):
            for j, role in enumerate(entity.roles):
                errors += _refs(where, label, f"roles[{j}].organization", [role.organization],
                                ("organization",), declared)
                errors += _codes(where, label, f"roles[{j}].country", [role.country], countries)
        errors += _evidence(where, label, entity.evidence, text, declared)
    for i, fact in enumerate(doc.facts):
        label = f"facts[{i}] ({fact.id})"
        for (fact_type, field), kinds in REFERENCE_KINDS.items():
            if fact_type != fact.type:
                continue
            value = getattr(fact, field)
            values = value if isinstance(value, list) else [value]
            errors += _refs(where, label, _camel(field), values, kinds, declared)
        if fact.type == "visit":
            errors += _codes(where, label, "hostCountry", [fact.host_country], countries)
            errors += _codes(where, label, "visitorCountry", [fact.visitor_country], countries)
            if fact.start and fact.end and fact.end < fact.start:
                errors.append(f"{where}: {label} field end: {fact.end} is before start {fact.start}")
        errors += _evidence(where, label, fact.evidence, text, declared)
    return errors


def _camel(field: str) -> str:
    head, *rest = field.split("_")
    return head + "".join(part.title() for part in rest)


def _refs(where: str, label: str, field: str, values: Iterable[str | None], kinds: tuple[str, ...],
          declared: dict[str, str]) -> list[str]:
    errors = []
    for value in values:
        if value is None:
            continue
        kind = declared.get(value)
        if kind is None:
            errors.append(f"{where}: {label} field {field}: '{value}' is not declared in this document")
        elif kind not in kinds:
            errors.append(f"{where}: {label} field {field}: '{value}' is a {kind}, expected {' or '.join(kinds)}")
    return errors


def _codes(where: str, label: str, field: str, codes: Iterable[str | None], countries: set[str]) -> list[str]:
    return [
        f"{where}: {label} field {field}: country '{code}' is not declared as a country entity"
        for code in codes
        if code is not None and code not in countries
    ]


def _evidence(where: str, label: str, evidence: list[Evidence], text: str, declared: dict[str, str]) -> list[str]:
    errors = []
    for k, item in enumerate(evidence):
        errors += _refs(where, label, f"evidence[{k}].reportedBy", [item.reported_by], REPORTED_BY_KINDS, declared)
        found = text[item.start : item.end]
        if item.end > len(text):
            errors.append(f"{where}: {label} field evidence[{k}].end: {item.end} is past the end of the text "
                          f"({len(text)} characters)")
        elif found != item.quote:
            errors.append(f"{where}: {label} field evidence[{k}]: text[{item.start}:{item.end}] is "
                          f"{found!r}, not the quote {item.quote!r}")
    return errors
