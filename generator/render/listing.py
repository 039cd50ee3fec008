"""What the site's list of organisations shows of each one: small enough to keep in the build cache."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.profile.text import Text

if TYPE_CHECKING:  # the cache reads entries without the profile model
    from generator.profile.site import Organisation


IndexRows = tuple[tuple[str, str], ...]
"""An organisation's item in the list of all organisations, as HTML per language."""


@dataclass(frozen=True)
class IndexEntry:
    """What the list of all organisations shows of one: small enough to keep in the build cache."""

    slug: str
    name: str | None
    title: Text
    label: Text | None
    effective_date: dt.date | None
    language: str
    """The statement's own language: its page is at <slug>/, other languages at <slug>/<lang>/."""
    languages: tuple[str, ...]
    statements: int

    @classmethod
    def of(cls, org: Organisation) -> IndexEntry:
        profile = org.current.profile
        return cls(org.slug, profile.controller.name, profile.title, profile.version.label,
                   profile.version.effective_date, profile.language, org.languages, len(org.statements))
