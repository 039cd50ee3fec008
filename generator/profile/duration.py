"""ISO 8601 periods as profiles give them (P10Y, P4M, P1Y6M, P30D): the one pattern of the format."""

from __future__ import annotations

import re

# Years, months, weeks and days, each of at most four digits: retention runs to decades, and a
# number of thousands of digits would only make int() refuse it on a page.
DURATION_PATTERN = r"^P(?:(\d{1,4})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,4})D)?$"
DURATION = re.compile(DURATION_PATTERN)
"""Its groups are the years, months, weeks and days given (None where a part is left out)."""


def days(period: str) -> float:
    """A period's length in days, a year taken as 365 and a month as a twelfth of that: P12M and
    P1Y are the 365 days of a cookie's Max-Age."""
    match = DURATION.match(period)
    if match is None:
        raise ValueError(f"not a period: {period}")
    years, months, weeks, extra = (int(part or 0) for part in match.groups())
    return years * 365 + months * 365 / 12 + weeks * 7 + extra
