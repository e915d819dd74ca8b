"""The graph model, declared once.

Loaders generate their UNWIND/MERGE Cypher from these declarations and the
schema step creates constraints and indexes from them; the read side refers to
the same labels and relationship types through the names below.

    (:Person)-[:HAS_ROLE]->(:Role)-[:ROLE_AT]->(:Organization)
                             (:Role)-[:ROLE_FOR]->(:Country)
    (:Person)-[:CITIZEN_OF]->(:Country)-[:CAPITAL]->(:Place)-[:LOCATED_IN]->(:Country)
    (:Organization)-[:BASED_IN]->(:Country)
    (:Person)-[:MADE]->(:Visit)-[:HOSTED_BY]->(:Country)
              (:Visit)-[:VISITOR_FROM]->(:Country)  (:Visit)-[:DESTINATION]->(:Place)
              (:Visit)-[:INVITED_BY]->(:Entity)  (:Person)-[:IN_DELEGATION]->(:Visit)
              (:Visit)-[:LATEST_OF]->(:Visit)  (the latest visit of a series told as one)
    (:Agreement)-[:PARTY]->(:Entity)   (:Agreement)-[:SIGNED_DURING]->(:Visit)
    (:Statement)-[:SPOKEN_BY]->(:Entity)   (:Statement)-[:ABOUT]->(:Node)
    (:Event)-[:PARTICIPANT]->(:Entity)   (:Event)-[:HELD_AT]->(:Place)
    (:Node)-[:SUPPORTED_BY {quote, start, end, confidence, reportedBy}]->(:Article)
    (:Fact)-[:REPORTED_BY {article}]->(:Organization)   who a fact's evidence attributes it to ("according to KCNA")
    (:Article)-[:PUBLISHED_BY]->(:Organization)   the article's outlet, when its source is a known entity
    (:Review)-[:REVIEWS]->(:Fact)   an editor's verdict on a fact, kept beside the extractor's output (history)
    (:Review)-[:CORRECTS {role}]->(:Entity)   the entity a correcting review links the fact to instead
    (:ApiKey)   a key of the API (hashed token, role); not a Node: never served, never loaded from articles

Every addressable node carries the label Node and a globally unique `id`
("person:sergei-lavrov", "country:RU", "visit:..."), which is also its GraphQL ID.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum


class VisitStatus(StrEnum):
    """How far a visit or event is from having happened, as its source tells it (modality and negation)."""

    COMPLETED = "completed"
    ONGOING = "ongoing"
    PLANNED = "planned"
    EXPECTED = "expected"
    SPECULATED = "speculated"
    RULED_OUT = "ruled_out"


class AgreementStatus(StrEnum):
    """Where an agreement stands, as its source tells it."""

    SIGNED = "signed"
    PLANNED = "planned"  # a signing announced for later ("سيوقع البلدان 15 مذكرة تفاهم")
    PROPOSED = "proposed"  # put forward by one side ("اقتراح جديد لوقف إطلاق النار")
    NEGOTIATING = "negotiating"  # under negotiation ("talks on a free trade agreement")
    ANNOUNCED = "announced"  # agreed and announced, no signing told ("إعلان الطرفين تجديد الهدنة")


@functools.cache
def _props_set(props: tuple[str, ...]) -> frozenset[str]:
    return frozenset(props)


@dataclass(frozen=True)
class NodeSpec:
    label: str
    kind: str  # the id prefix, the facts document's kind/type
    labels: tuple[str, ...]  # all labels the node carries
    indexed: tuple[str, ...] = ()  # properties filtered or sorted on (by the read side, or the loader's lookups)
    # Facts: every property the loader writes from an article (id and addedAt aside), so a new fact is created
    # with them named (loaders.load.created_node_cypher)
    props: tuple[str, ...] = ()

    @property
    def props_set(self) -> frozenset[str]:
        return _props_set(self.props)


@dataclass(frozen=True)
class RelSpec:
    type: str
    source: str  # label matched for the start node
    target: str  # label matched for the end node
    keys: tuple[str, ...] = ()  # relationship properties that tell two such relationships apart
    of_article: bool = False  # written for one article only, and replaced when that article is loaded again
    props: tuple[str, ...] = ()  # every property the loader writes on it (the keys among them)

    @property
    def props_set(self) -> frozenset[str]:
        return _props_set(self.props)


_BY_DATE = ("spanFrom", "spanTo", "sortDate", "sortDateDesc")
ARTICLE = NodeSpec("Article", "article", ("Node", "Article"), _BY_DATE)
PERSON = NodeSpec("Person", "person", ("Node", "Entity", "Person"), ("sortName",))
COUNTRY = NodeSpec("Country", "country", ("Node", "Entity", "Country"), ("code", "sortName"))
ORGANIZATION = NodeSpec("Organization", "organization", ("Node", "Entity", "Organization"), ("sortName",))
PLACE = NodeSpec("Place", "place", ("Node", "Entity", "Place"), ("sortName",))
# count and several: the few series among the visits are found by index (schema.analysis_data.CountQuery._series);
# start: the loader finds a re-told visit by its start date (loaders.known), a few visits a day, where the
# visitor's own visits grow with the graph (a 4x corpus spent 6 s of 40 reading them)
_FACT = ("confidence", *_BY_DATE, "searchText")
VISIT = NodeSpec("Visit", "visit", ("Node", "Fact", "Visit"), (*_BY_DATE, "status", "count", "several", "start"),
                 (*_FACT, "start", "end", "status", "statusAsOf", "purpose", "count", "several"))
AGREEMENT = NodeSpec("Agreement", "agreement", ("Node", "Fact", "Agreement"), _BY_DATE,
                     (*_FACT, "name", "nameAr", "kind", "signedOn", "status", "clauses"))
STATEMENT = NodeSpec("Statement", "statement", ("Node", "Fact", "Statement"), _BY_DATE,
                     (*_FACT, "date", "summary", "quote"))
EVENT = NodeSpec("Event", "event", ("Node", "Fact", "Event"), (*_BY_DATE, "kind", "status"),
                 (*_FACT, "kind", "summary", "date", "status", "statusAsOf"))
ROLE = NodeSpec("Role", "role", ("Role",))
# Written by the API, not by articles: neither is a Node (node(id:) never serves them) nor in NODES.
REVIEW = NodeSpec("Review", "review", ("Review",))
API_KEY = NodeSpec("ApiKey", "key", ("ApiKey",))

NODES: tuple[NodeSpec, ...] = (ARTICLE, PERSON, COUNTRY, ORGANIZATION, PLACE, VISIT, AGREEMENT, STATEMENT, EVENT)
ENTITY_SPECS = {spec.kind: spec for spec in (PERSON, COUNTRY, ORGANIZATION, PLACE)}
FACT_SPECS = {spec.kind: spec for spec in (VISIT, AGREEMENT, STATEMENT, EVENT)}
SPEC_BY_KIND = {spec.kind: spec for spec in (*NODES, ROLE)}

HAS_ROLE = RelSpec("HAS_ROLE", "Person", "Role")
ROLE_AT = RelSpec("ROLE_AT", "Role", "Organization")
ROLE_FOR = RelSpec("ROLE_FOR", "Role", "Country")
CITIZEN_OF = RelSpec("CITIZEN_OF", "Person", "Country")
CAPITAL = RelSpec("CAPITAL", "Country", "Place")
LOCATED_IN = RelSpec("LOCATED_IN", "Place", "Country")
BASED_IN = RelSpec("BASED_IN", "Organization", "Country")
MADE = RelSpec("MADE", "Person", "Visit")
VISITOR_FROM = RelSpec("VISITOR_FROM", "Visit", "Country")
HOSTED_BY = RelSpec("HOSTED_BY", "Visit", "Country")
DESTINATION = RelSpec("DESTINATION", "Visit", "Place")
INVITED_BY = RelSpec("INVITED_BY", "Visit", "Entity")
IN_DELEGATION = RelSpec("IN_DELEGATION", "Person", "Visit")  # travels with the visitor, not a visit of their own
LATEST_OF = RelSpec("LATEST_OF", "Visit", "Visit")  # the dated latest visit of a series ("وكان آخرها")
PARTY = RelSpec("PARTY", "Agreement", "Entity")
SIGNED_DURING = RelSpec("SIGNED_DURING", "Agreement", "Visit")
SPOKEN_BY = RelSpec("SPOKEN_BY", "Statement", "Entity")
ABOUT = RelSpec("ABOUT", "Statement", "Node")
PARTICIPANT = RelSpec("PARTICIPANT", "Event", "Entity")
HELD_AT = RelSpec("HELD_AT", "Event", "Place")
SUPPORTED_BY = RelSpec("SUPPORTED_BY", "Node", "Article", keys=("start", "end"), of_article=True,
                       props=("quote", "start", "end", "confidence", "reportedBy"))
REPORTED_BY = RelSpec("REPORTED_BY", "Node", "Organization", keys=("article",), of_article=True, props=("article",))
PUBLISHED_BY = RelSpec("PUBLISHED_BY", "Article", "Organization", of_article=True)
REVIEWS = RelSpec("REVIEWS", "Review", "Fact")
REJECTED = "Rejected"  # label of a fact whose latest review rejects it (besides its reviewState)
CORRECTS = RelSpec("CORRECTS", "Review", "Entity", keys=("role",))

RELATIONSHIPS: tuple[RelSpec, ...] = (
    HAS_ROLE, ROLE_AT, ROLE_FOR, CITIZEN_OF, CAPITAL, LOCATED_IN, BASED_IN, MADE, VISITOR_FROM,
    HOSTED_BY, DESTINATION, INVITED_BY, IN_DELEGATION, LATEST_OF, PARTY, SIGNED_DURING, SPOKEN_BY, ABOUT, PARTICIPANT,
    HELD_AT, SUPPORTED_BY, REPORTED_BY, PUBLISHED_BY,
)  # fmt: skip

# Fulltext indexes (issue: bilingual search) read normalized text properties.
FULLTEXT_ENTITY_INDEX = "entity_names"
FULLTEXT_FACT_INDEX = "fact_text"
FULLTEXT_ARTICLE_INDEX = "article_text"

# When a fact was first written (Neo4j's clock, set once when the loader creates it): the `factsAdded`
# subscription polls this index for what arrived since its last look, whichever process wrote it.
ADDED_AT = "addedAt"


def schema_statements() -> list[str]:
    """Idempotent constraints and indexes, created before any load."""
    statements = [
        "CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE",
        "CREATE CONSTRAINT role_id IF NOT EXISTS FOR (n:Role) REQUIRE n.id IS UNIQUE",
        "CREATE CONSTRAINT review_id IF NOT EXISTS FOR (n:Review) REQUIRE n.id IS UNIQUE",
        "CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.id IS UNIQUE",
        # No index on Fact.reviewState: nearly every fact has none, and such an index misleads the planner of the
        # analysis queries (timeouts measured); filtering a page of facts on the property costs nothing.
    ]
    # An article's REPORTED_BY links are found by their `article` key when it is reloaded.
    statements.append("CREATE INDEX reported_by_article IF NOT EXISTS FOR ()-[r:REPORTED_BY]-() ON (r.article)")
    for spec in NODES:
        for prop in spec.indexed:
            name = f"{spec.label.lower()}_{prop.lower()}"
            statements.append(f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{spec.label}) ON (n.{prop})")
    statements.append(f"CREATE INDEX fact_{ADDED_AT.lower()} IF NOT EXISTS FOR (n:Fact) ON (n.{ADDED_AT})")
    statements += [
        f"CREATE FULLTEXT INDEX {FULLTEXT_ENTITY_INDEX} IF NOT EXISTS FOR (n:Person|Country|Organization|Place) "
        "ON EACH [n.searchText] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}}",
        f"CREATE FULLTEXT INDEX {FULLTEXT_FACT_INDEX} IF NOT EXISTS FOR (n:Visit|Agreement|Statement|Event) "
        "ON EACH [n.searchText] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}}",
        f"CREATE FULLTEXT INDEX {FULLTEXT_ARTICLE_INDEX} IF NOT EXISTS FOR (n:Article) "
        "ON EACH [n.searchText] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}}",
    ]
    return statements
