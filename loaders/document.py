"""The facts document: one article and the facts drawn from it (format khabar.facts/1).

Documented in docs/facts-format.md. Validation is strict (unknown fields are
errors) so a typo in a hand-curated file never silently drops a fact; every
evidence span is checked against the article text.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from graph.dates import PartialDate
from graph.model import AgreementStatus, VisitStatus

FORMAT = "khabar.facts/1"

_KEY = r"^[a-z0-9][a-z0-9._\-]*$"
ID_PATTERNS = {
    "person": re.compile(r"^person:[a-z0-9][a-z0-9._\-]*$"),
    "country": re.compile(r"^country:[A-Z]{2}$"),
    "organization": re.compile(r"^org:[a-z0-9][a-z0-9._\-]*$"),
    "place": re.compile(r"^place:[a-z0-9][a-z0-9._\-]*$"),
    "visit": re.compile(r"^visit:[a-z0-9][a-z0-9._\-]*$"),
    "agreement": re.compile(r"^agreement:[a-z0-9][a-z0-9._\-]*$"),
    "statement": re.compile(r"^statement:[a-z0-9][a-z0-9._\-]*$"),
    "event": re.compile(r"^event:[a-z0-9][a-z0-9._\-]*$"),
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=False)


def _partial_date(value: str | None) -> str | None:
    if value is None:
        return None
    return str(PartialDate.parse(value))


DateText = Annotated[str | None, Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD")]


class Evidence(Strict):
    """The exact words of the article that support an entity or a fact."""

    quote: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    confidence: float | None = Field(default=None, ge=0, le=1)
    reported_by: str | None = Field(
        default=None, alias="reportedBy",
        description="the outlet (an organization id) the quote attributes its words to: 'according to KCNA'",
    )

    @model_validator(mode="after")
    def _ordered(self) -> Evidence:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be after start ({self.start})")
        return self


class ArticleMeta(Strict):
    id: str = Field(pattern=_KEY, description="stable key of the article")
    title: str = Field(min_length=1)
    language: Literal["ar", "en"]
    published: DateText
    published_inferred: bool = Field(default=False, alias="publishedInferred")
    published_note: str | None = Field(default=None, alias="publishedNote")
    source: str | None = None
    url: str | None = None
    cites: list[str] = Field(default_factory=list, description="outlets the article cites")
    text_file: str | None = Field(default=None, alias="textFile", description="path relative to the document")
    text: str | None = Field(default=None, description="the body, when not in textFile")

    _check_published = field_validator("published")(lambda cls, v: _partial_date(v))

    @model_validator(mode="after")
    def _one_text(self) -> ArticleMeta:
        if (self.text is None) == (self.text_file is None):
            raise ValueError("give exactly one of 'text' and 'textFile'")
        return self


class Role(Strict):
    title: str = Field(min_length=1)
    title_ar: str | None = Field(default=None, alias="titleAr")
    organization: str | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    since: DateText
    until: DateText
    government: bool = Field(default=False, description="a government post (minister, spokesperson, head of state)")

    _check_dates = field_validator("since", "until")(lambda cls, v: _partial_date(v))


class EntityBase(Strict):
    id: str
    name: str = Field(min_length=1)
    name_ar: str | None = Field(default=None, alias="nameAr")
    aliases: list[str] = Field(default_factory=list)
    verified: bool = Field(default=True, description="false for entities an extractor found but no registry knows")
    evidence: list[Evidence] = Field(default_factory=list)


class PersonEntity(EntityBase):
    kind: Literal["person"]
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    roles: list[Role] = Field(default_factory=list)


class CountryEntity(EntityBase):
    kind: Literal["country"]
    code: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")
    capital: str | None = None


class OrganizationEntity(EntityBase):
    kind: Literal["organization"]
    org_kind: str | None = Field(default=None, alias="orgKind")
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")


class PlaceEntity(EntityBase):
    kind: Literal["place"]
    place_kind: str | None = Field(default=None, alias="placeKind")
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")


Entity = Annotated[
    PersonEntity | CountryEntity | OrganizationEntity | PlaceEntity, Field(discriminator="kind")
]


class FactBase(Strict):
    id: str
    evidence: list[Evidence] = Field(min_length=1)
    confidence: float | None = Field(default=None, ge=0, le=1)


class VisitFact(FactBase):
    type: Literal["visit"]
    visitor: str
    visitor_country: str | None = Field(default=None, alias="visitorCountry", pattern=r"^[A-Z]{2}$")
    host_country: str = Field(alias="hostCountry", pattern=r"^[A-Z]{2}$")
    destination: str | None = None
    start: DateText
    end: DateText
    status: VisitStatus
    purpose: str | None = None
    invited_by: str | None = Field(default=None, alias="invitedBy")
    delegation: list[str] = Field(default_factory=list, description="persons travelling with the visitor")
    # A series told as one ("زيارات عدة", "three visits"): this fact stands for several visits
    count: int | None = Field(default=None, ge=2, description="how many visits the series is told to have")
    several: bool | None = Field(default=None, description="true: a series of visits told without a number "
                                                          "(\"several\", \"زيارات عدة\"); absent otherwise")
    latest_of: str | None = Field(default=None, alias="latestOf",
                                  description="the series this visit is the latest of (\"وكان آخرها\")")

    _check_dates = field_validator("start", "end")(lambda cls, v: _partial_date(v))


class AgreementFact(FactBase):
    type: Literal["agreement"]
    name: str = Field(min_length=1)
    name_ar: str | None = Field(default=None, alias="nameAr")
    kind: str = Field(min_length=1, description="treaty, agreement, memorandum, permission, ...")
    parties: list[str] = Field(min_length=1)
    signed_on: DateText = Field(default=None, alias="signedOn")
    signed_during: str | None = Field(default=None, alias="signedDuring")
    clauses: list[str] = Field(default_factory=list)
    status: AgreementStatus = AgreementStatus.SIGNED

    _check_dates = field_validator("signed_on")(lambda cls, v: _partial_date(v))


class StatementFact(FactBase):
    type: Literal["statement"]
    speaker: str
    date: DateText
    summary: str = Field(min_length=1)
    quote: str = Field(min_length=1, description="the words attributed to the speaker, as written")
    about: list[str] = Field(default_factory=list)

    _check_dates = field_validator("date")(lambda cls, v: _partial_date(v))


class EventFact(FactBase):
    type: Literal["event"]
    kind: str = Field(min_length=1, description="deployment, anniversary, war, flights, ...")
    summary: str = Field(min_length=1)
    date: DateText
    participants: list[str] = Field(default_factory=list)
    place: str | None = None
    status: VisitStatus = VisitStatus.COMPLETED

    _check_dates = field_validator("date")(lambda cls, v: _partial_date(v))


Fact = Annotated[VisitFact | AgreementFact | StatementFact | EventFact, Field(discriminator="type")]

# Which entity kinds each reference field may point at.
_ANY_ENTITY = ("person", "country", "organization", "place")
REFERENCE_KINDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("visit", "visitor"): ("person",),
    ("visit", "destination"): ("place",),
    ("visit", "invited_by"): _ANY_ENTITY,
    ("visit", "delegation"): ("person",),
    ("visit", "latest_of"): ("visit",),
    ("agreement", "parties"): _ANY_ENTITY,
    ("agreement", "signed_during"): ("visit",),
    ("statement", "speaker"): _ANY_ENTITY,
    ("statement", "about"): _ANY_ENTITY + ("visit", "agreement", "event"),
    ("event", "participants"): _ANY_ENTITY,
    ("event", "place"): ("place",),
}
# What an evidence's reportedBy may point at: an outlet or agency.
REPORTED_BY_KINDS = ("organization",)


class FactsDocument(Strict):
    format: Literal["khabar.facts/1"] = FORMAT
    article: ArticleMeta
    entities: list[Entity] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)


def kind_of(node_id: str) -> str | None:
    """The kind an id names by its prefix ("person:x" -> "person")."""
    for kind, pattern in ID_PATTERNS.items():
        if pattern.match(node_id):
            return kind
    return None


def country_id(code: str) -> str:
    return f"country:{code}"
