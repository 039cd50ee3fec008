"""What a cookie or storage key is, by its name: the Open Cookie Database (data/, Apache-2.0).

Each entry names a cookie (or a local-storage key) exactly, or by the start of its name (a
"wildcard": `_ga_` stands for `_ga_1X2Y3Z`), with the platform that sets it, a category, the
company in control, a typical retention and that company's privacy page. `privgen audit` names and
classifies what it observes with it, and `privgen check` compares the tier a profile gives a known
cookie with its category. Refresh the data with tools/refresh_cookie_database.py.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from generator.profile.vocabulary import TIER_ORDER

DATA = "open-cookie-database.csv"
COLUMNS = ("ID", "Platform", "Category", "Cookie / Data Key name", "Domain", "Description", "Retention period",
           "Data Controller", "User Privacy & GDPR Rights Portals", "Wildcard match")
# The database's categories in the three-tier model. Functional ("technical, essential or strictly
# necessary"), security and personalisation (preferences a visitor sets) need no consent under the
# Dutch Telecommunicatiewet's exemption for functional cookies; analytics is the second tier;
# marketing ("tracking or social media") the third.
TIER_OF_CATEGORY = {"Functional": "necessary", "Necessary": "necessary", "Security": "necessary",
                    "Personalization": "necessary", "Analytics": "analytics", "Marketing": "social"}
_PERIOD = re.compile(r"^\s*(\d+)\s*(minute|hour|day|week|month|year)s?\s*$", re.IGNORECASE)
_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "month": 30.44, "year": 365.25}
_ISO = {"day": "D", "week": "W", "month": "M", "year": "Y"}


@dataclass(frozen=True)
class KnownCookie:
    name: str
    platform: str
    category: str
    controller: str
    retention: str  # as the database words it: "2 years", "session"
    privacy_url: str
    wildcard: bool
    domain: str = ""  # where it is set, as the database words it: "facebook.com (3rd party)", often empty
    description: str = ""  # what it is for, in the database's (English) words

    @property
    def tier(self) -> str:
        return TIER_OF_CATEGORY.get(self.category, "necessary")

    @property
    def retention_days(self) -> float | None:
        """The retention in days, None for a session or a wording the database does not give as a period."""
        match = _PERIOD.match(self.retention)
        return int(match.group(1)) * _DAYS[match.group(2).lower()] if match else None

    @property
    def session(self) -> bool:
        """Kept only for the browser session ("session", "Sessions")."""
        return self.retention.lower().startswith("session")

    @property
    def duration(self) -> str | None:
        """The retention as a profile's ISO 8601 period (P2Y); minutes and hours as whole days, at
        least one; None for a session or a wording the database does not give as a period."""
        match = _PERIOD.match(self.retention)
        if match is None:
            return None
        unit = _ISO.get(match.group(2).lower())
        return f"P{int(match.group(1))}{unit}" if unit else f"P{max(1, round(self.retention_days or 0))}D"

    def describe(self) -> str:
        """'Meta Pixel, marketing': what the name is known as, for a finding."""
        return f"{self.platform}, {self.category.lower()}"


@dataclass(frozen=True)
class CookieDatabase:
    exact: dict[str, KnownCookie]
    prefixes: tuple[KnownCookie, ...]  # longest first: the most specific wildcard wins

    def lookup(self, name: str) -> KnownCookie | None:
        """The entry for a cookie or storage key name, if the database knows it."""
        if name in self.exact:
            return self.exact[name]
        return next((k for k in self.prefixes if name.startswith(k.name)), None)


def parse(text: str) -> CookieDatabase:
    """The database from its CSV; ValueError when the columns are not the ones it has."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ValueError(f"the Open Cookie Database's columns are not {', '.join(COLUMNS)}")
    exact: dict[str, KnownCookie] = {}
    prefixes: list[KnownCookie] = []
    for row in reader:
        name = (row["Cookie / Data Key name"] or "").strip()
        if not name:
            continue
        known = KnownCookie(name, row["Platform"].strip(), row["Category"].strip(), row["Data Controller"].strip(),
                            row["Retention period"].strip(), row["User Privacy & GDPR Rights Portals"].strip(),
                            row["Wildcard match"].strip() == "1", row["Domain"].strip(), row["Description"].strip())
        if known.wildcard:
            prefixes.append(known)
        else:
            exact.setdefault(name, known)  # the first of a name listed twice
    prefixes.sort(key=lambda k: -len(k.name))
    return CookieDatabase(exact, tuple(prefixes))


@cache
def cookie_database() -> CookieDatabase:
    return parse(resources.files("generator.profile.data").joinpath(DATA).read_text(encoding="utf-8"))


def tier_level(tier: str) -> int:
    return TIER_ORDER.index(tier)
