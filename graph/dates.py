"""PartialDate: a date known to the year, the month or the day.

Stored in the graph as its text ("2025", "2025-07", "2025-07-11") plus the first
and last day it covers, so that ranges compare sensibly ("2025-07" lies within
"2025") and ordering places a partial date by its first day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse "YYYY", "YYYY-MM" or "YYYY-MM-DD"; raise ValueError naming the problem."""
        match = _PATTERN.match(text.strip()) if isinstance(text, str) else None
        if not match:
            raise ValueError(f"{text!r} is not a partial date: use YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has month {month}: months run 01 to 12")
        if day is not None:
            try:
                date(year, month, day)  # type: ignore[arg-type]
            except ValueError:
                raise ValueError(f"{text!r} is not a day of the calendar") from None
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        if self.day is not None:
            return self.first_day()
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def compatible(self, other: PartialDate) -> bool:
        """Equal at the coarser of the two precisions ("2025-07" ~ "2025-07-11")."""
        return self.first_day() <= other.last_day() and other.first_day() <= self.last_day()

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text
