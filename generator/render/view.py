"""What a statement page shows, derived from a profile: the summary table and section list."""

from __future__ import annotations

from dataclasses import dataclass

from generator.profile.model import (
    Complaint,
    DataCategory,
    LegalBasisStatement,
    Profile,
    Purpose,
    Recipient,
    Retention,
    TierDescription,
)
from generator.profile.site import Organisation, Statement
from generator.profile.text import Words


@dataclass(frozen=True)
class PurposeRow:
    """One row of the summary table: data → purpose → legal basis → retention → recipients."""

    purpose: Purpose
    categories: tuple[DataCategory, ...]
    bases: tuple[LegalBasisStatement, ...]
    retention: tuple[Retention, ...]
    recipients: tuple[Recipient, ...]


@dataclass(frozen=True)
class Section:
    """A section of the full statement: its stable anchor and whether the document covers it."""

    anchor: str
    stated: bool


def purpose_rows(profile: Profile) -> tuple[PurposeRow, ...]:
    """Join each purpose with what the document links to it; links it does not make stay empty."""
    categories = {c.id: c for c in profile.data_categories}
    rows = []
    for purpose in profile.purposes:
        linked = tuple(categories[i] for i in purpose.categories)
        rows.append(PurposeRow(
            purpose=purpose,
            categories=linked,
            bases=tuple(b for b in profile.legal_bases if purpose.id in b.purposes),
            retention=tuple(r for r in profile.retention
                            if purpose.id in r.purposes or set(purpose.categories) & set(r.categories)),
            recipients=tuple(r for r in profile.recipients
                             if purpose.id in r.purposes or set(purpose.categories) & set(r.categories)),
        ))
    return tuple(rows)


def unlinked_bases(profile: Profile) -> tuple[LegalBasisStatement, ...]:
    """Legal bases the document states without saying which purpose rests on them."""
    return tuple(b for b in profile.legal_bases if not b.purposes)


def sections(profile: Profile) -> tuple[Section, ...]:
    """The sections of the full statement, in order; GDPR-required ones appear even when unstated."""
    rights = profile.rights
    return tuple(s for s in (
        Section("controller", True),
        Section("data", bool(profile.data_categories or profile.data_subjects)),
        Section("sources", bool(profile.sources)),
        Section("purposes", bool(profile.purposes)),
        Section("legal-bases", bool(profile.legal_bases)),
        Section("recipients", bool(profile.recipients or profile.recipients_text)),
        Section("transfers", bool(profile.transfers or profile.transfers_text)),
        Section("retention", bool(profile.retention or profile.retention_text)),
        Section("security", bool(profile.security or profile.security_text)),
        Section("rights", rights is not None),
        Section("complaints", bool(profile.complaints)),
        Section("automated-decisions", profile.automated_decisions is not None),
        Section("special-processing", bool(profile.special_processing)),
        Section("marketing", profile.marketing is not None),
        Section("provision", bool(profile.provision)),
        Section("cookies", profile.cookies is not None),
        Section("changes", profile.changes is not None),
        Section("notes", bool(profile.notes)),
    ) if s.stated or s.anchor in _ALWAYS_SHOWN)


# Art. 13 items a reader should see addressed, even if only to learn the document is silent.
_ALWAYS_SHOWN = {"controller", "data", "purposes", "legal-bases", "recipients", "retention",
                 "rights", "complaints", "automated-decisions"}


def tier_description(profile: Profile, tier: str) -> TierDescription | None:
    """The document's description of one cookie tier, if it gives one."""
    cookies = profile.cookies
    return next((t for t in cookies.tiers if t.tier == tier), None) if cookies else None


def supervisory_authority(profile: Profile) -> Complaint | None:
    """The first supervisory authority the document names for complaints."""
    return next((c for c in profile.complaints if c.body == "supervisory_authority"), None)


def previous(org: Organisation, statement: Statement) -> Statement | None:
    """The version before this one, if any."""
    index = org.statements.index(statement)
    return org.statements[index - 1] if index else None


def feed_date(statement: Statement) -> str:
    """Atom needs a date; a version that states none gets the epoch rather than an invented one."""
    date = statement.effective_date
    return f"{date.isoformat() if date else '1970-01-01'}T00:00:00Z"


_KINDS = {"added": Words("toegevoegd", "added"), "removed": Words("verwijderd", "removed"),
          "changed": Words("gewijzigd", "changed"), "moved": Words("verplaatst", "moved")}


def change_kind(kind: str, lang: str) -> str:
    return _KINDS[kind](lang)
