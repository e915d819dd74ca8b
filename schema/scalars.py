"""The PartialDate scalar: "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""

from __future__ import annotations

from enum import Enum
from typing import NewType

import strawberry

from graph.dates import PartialDate as ParsedDate

PartialDate = NewType("PartialDate", str)


def _parse(value: object) -> PartialDate:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a partial date: use a string YYYY, YYYY-MM or YYYY-MM-DD")
    return PartialDate(str(ParsedDate.parse(value)))


PARTIAL_DATE = strawberry.scalar(
    name="PartialDate",
    description='A date known to the year, the month or the day: "2025", "2025-07" or "2025-07-11". '
    "Filters compare by the span a date covers: 2025-07 lies within 2025.",
    serialize=str,
    parse_value=_parse,
)

SCALARS = {PartialDate: PARTIAL_DATE}


@strawberry.enum(description="How precisely a PartialDate is known.")
class DatePrecision(Enum):
    YEAR = strawberry.enum_value("YEAR", description='Known to the year only: "2025".')
    MONTH = strawberry.enum_value("MONTH", description='Known to the month: "2025-07".')
    DAY = strawberry.enum_value("DAY", description='Known to the day: "2025-07-11".')


def precision_of(text: str | None) -> DatePrecision | None:
    """The precision of a stored partial date (null when undated)."""
    # graph.dates.Precision's names are this enum's values
    return None if text is None else DatePrecision(ParsedDate.parse(text).precision.name)


@strawberry.enum(description="How `from`/`to` select dated items.")
class DateMatch(Enum):
    OVERLAPS = strawberry.enum_value(
        "OVERLAPS",
        description="The default: keep an item whose span overlaps [from, to], so a visit known only as 2025 is "
        "kept by a July 2025 filter (it may have been in July).",
    )
    WITHIN = strawberry.enum_value(
        "WITHIN",
        description="Keep an item only when its whole span lies inside [from, to]: a July 2025 filter keeps "
        "2025-07 and 2025-07-11, not 2025.",
    )


ARG_DATE_MATCH = strawberry.argument(
    description="How from/to select: OVERLAPS (default, any overlap) or WITHIN (the whole span inside)."
)
