"""ISO 8601 periods as profiles give them (P10Y, P4M, P1Y6M, P30D): the one pattern of the format."""

from __future__ import annotations

import re

# Years, months, weeks and days, each of at most four digits: retention runs to decades, and a
# number of thousands of digits would only make int() refuse it on a page.
DURATION_PATTERN = r"^P(?:(\d{1,4})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,4})D)?$"
DURATION = re.compile(DURATION_PATTERN)
"""Its groups are the years, months, weeks and days given (None where a part is left out)."""
