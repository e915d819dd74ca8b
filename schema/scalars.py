"""The PartialDate scalar: "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""

from __future__ import annotations

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
