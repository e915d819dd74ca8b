"""Reviews in the schema: `Fact.review` (state, who, when, note, correction, the extractor's values, history), the
`review:` filter of the fact lists, and the enums `reviewFact` takes.

A corrected value is the fact's value everywhere (Visit.startDate, status, the links): lists, filters, ordering,
counts and timelines use it. What the extractor said stays readable in `review.extracted` (and the entity a link
correction replaced in `review.correction.links.replaces`); the evidence is never changed.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from loaders.review import LINKS
from schema.data import Listing
from schema.review_data import NOT_REJECTED
from schema.scalars import PartialDate
from schema.types import Ctx, Entity, build


@strawberry.enum(description="Where a fact stands with the editors: the verdict of its latest review.")
class ReviewState(Enum):
    UNREVIEWED = "UNREVIEWED"
    CONFIRMED = "CONFIRMED"
    CORRECTED = "CORRECTED"
    REJECTED = "REJECTED"


@strawberry.enum(description="An editor's verdict on a fact.")
class ReviewVerdict(Enum):
    CONFIRM = "CONFIRM"
    REJECT = "REJECT"
    CORRECT = "CORRECT"


@strawberry.enum(description="Which facts a list keeps by review state (default NOT_REJECTED: rejected facts are "
                 "hidden).")
class ReviewFilter(Enum):
    NOT_REJECTED = "NOT_REJECTED"
    ANY = "ANY"
    UNREVIEWED = "UNREVIEWED"
    REVIEWED = "REVIEWED"
    CONFIRMED = "CONFIRMED"
    CORRECTED = "CORRECTED"
    REJECTED = "REJECTED"


LinkRole = strawberry.enum(
    Enum("LinkRole", {role: role for roles in LINKS.values() for role in roles}),
    description="The part an entity plays in a fact, for link corrections: VISITOR, VISITOR_COUNTRY, HOST_COUNTRY, "
    "DESTINATION, INVITED_BY, DELEGATION (visits); PARTY (agreements); SPEAKER, ABOUT (statements); PARTICIPANT, "
    "PLACE (events).",
)

ARG_REVIEW = strawberry.argument(description="Keep facts by review state; default NOT_REJECTED hides the facts "
                                 "an editor rejected (ANY shows them).")


def review_filter(listing: Listing, review: ReviewFilter | None) -> None:
    """The one condition every fact list adds for its `review:` argument (`n` is the fact)."""
    review = review or ReviewFilter.NOT_REJECTED
    if review is ReviewFilter.ANY:
        return
    if review is ReviewFilter.NOT_REJECTED:
        listing.filter(NOT_REJECTED)
    elif review is ReviewFilter.UNREVIEWED:
        listing.filter("n.reviewState IS NULL")
    elif review is ReviewFilter.REVIEWED:
        listing.filter("n.reviewState IS NOT NULL")
    else:
        listing.filter("n.reviewState = $reviewState", reviewState=review.value)


def _status(value: str | None) -> str | None:
    return value.upper() if value else None


@strawberry.type(description="A correction of one link: the entity now linked in this role, and the one the "
                 "extractor had linked (replaced).")
class LinkCorrection:
    role: LinkRole = strawberry.field(description="The part the entity plays in the fact.")  # type: ignore[valid-type]
    entity_id: strawberry.ID | None = strawberry.field(description="The entity linked by the correction.")
    replaces_id: strawberry.ID | None = strawberry.field(description="The entity it unlinked.")

    @strawberry.field(description="The entity linked by the correction (null: the correction only removed one).")
    async def entity(self, info: Ctx) -> Entity | None:
        return build(await info.context.nodes.load(str(self.entity_id))) if self.entity_id else None

    @strawberry.field(description="The entity the correction unlinked (null when it only added one).")
    async def replaces(self, info: Ctx) -> Entity | None:
        return build(await info.context.nodes.load(str(self.replaces_id))) if self.replaces_id else None


@strawberry.type(description="What a correcting review changed.")
class FactCorrection:
    date: PartialDate | None = strawberry.field(description="The corrected date (a visit's start, an agreement's "
                                                "signing, a statement's or event's date).")
    end_date: PartialDate | None = strawberry.field(description="The corrected end of a visit.")
    status: str | None = strawberry.field(description="The corrected status (VisitStatus or AgreementStatus name).")
    links: list[LinkCorrection] = strawberry.field(description="Corrected links to entities.")


@strawberry.type(description="The extractor's values of the fields a review corrected (the fact shows the "
                 "corrected ones).")
class ExtractedValues:
    date: PartialDate | None = strawberry.field(description="The extracted date (null when it had none).")
    end_date: PartialDate | None = strawberry.field(description="The extracted end of a visit.")
    status: str | None = strawberry.field(description="The extracted status.")
    fields: list[str] = strawberry.field(description="The fields a review corrected: date, endDate, status.")


@strawberry.type(description="One review of a fact: verdict, note, who and when.")
class ReviewRecord:
    verdict: ReviewVerdict = strawberry.field(description="CONFIRM, REJECT or CORRECT.")
    note: str | None = strawberry.field(description="Why, in the editor's words.")
    by: str = strawberry.field(description="The name of the API key that wrote it.")
    by_key: strawberry.ID = strawberry.field(description="The id of that key.")
    at: str = strawberry.field(description="When (UTC, ISO 8601).")
    correction: FactCorrection | None = strawberry.field(description="What it corrected (verdict CORRECT).")


@strawberry.type(description="A fact's review: the latest verdict is its state; every review is kept (history).")
class FactReview:
    state: ReviewState = strawberry.field(description="The latest review's verdict, or UNREVIEWED.")
    history: list[ReviewRecord] = strawberry.field(description="Every review, newest first.")
    extracted: ExtractedValues | None = strawberry.field(description="What the extractor said where a review "
                                                         "corrected it; null when nothing was corrected.")

    @strawberry.field(description="The latest review (null when unreviewed).")
    def latest(self) -> ReviewRecord | None:
        return self.history[0] if self.history else None

    @strawberry.field(description="The latest review's note.")
    def note(self) -> str | None:
        return self.history[0].note if self.history else None

    @strawberry.field(description="Who wrote the latest review (its key's name).")
    def by(self) -> str | None:
        return self.history[0].by if self.history else None

    @strawberry.field(description="When the latest review was written.")
    def at(self) -> str | None:
        return self.history[0].at if self.history else None

    @strawberry.field(description="The latest correction (null when the fact was never corrected).")
    def correction(self) -> FactCorrection | None:
        return next((r.correction for r in self.history if r.correction is not None), None)


_DATE_KEYS = ("extractedStart", "extractedSignedOn", "extractedDate")


def _record(props: dict[str, Any]) -> ReviewRecord:
    correction = None
    if props["verdict"] == "CORRECT":
        removed = [item.partition(":") for item in props.get("removedLinks") or []]
        correction = FactCorrection(
            date=props.get("date"), end_date=props.get("endDate"), status=_status(props.get("status")),
            links=[LinkCorrection(role=LinkRole[link["role"]], entity_id=link["entity"], replaces_id=link["replaces"])
                   for link in props.get("links") or []]
            + [LinkCorrection(role=LinkRole[role], entity_id=None, replaces_id=entity) for role, _, entity in removed])
    return ReviewRecord(verdict=ReviewVerdict[props["verdict"]], note=props.get("note"), by=props["by"],
                        by_key=props["byKey"], at=props["at"], correction=correction)


def fact_review(row: dict[str, Any] | None) -> FactReview:
    if row is None or not row["reviews"]:
        return FactReview(state=ReviewState.UNREVIEWED, history=[], extracted=None)
    history = [_record(props) for props in row["reviews"]]
    extracted = None
    if row["corrected"]:
        values = dict(row["extracted"])
        fields = ["endDate" if f == "end" else "date" if f in ("start", "signedOn") else f for f in row["corrected"]]
        extracted = ExtractedValues(date=next((values[k] for k in _DATE_KEYS if values.get(k)), None),
                                    end_date=values.get("extractedEnd"), status=_status(values.get("extractedStatus")),
                                    fields=fields)
    state = {"CONFIRM": ReviewState.CONFIRMED, "REJECT": ReviewState.REJECTED, "CORRECT": ReviewState.CORRECTED}
    return FactReview(state=state[history[0].verdict.value], history=history, extracted=extracted)


async def review_of(info: Ctx, fact_id: str) -> FactReview:
    return fact_review(await info.context.reviews.load(fact_id))
