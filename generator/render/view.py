"""What a statement page shows, derived from a profile: the summary table and section list."""

from __future__ import annotations

from dataclasses import dataclass

from generator.profile.model import (
    Address,
    Complaint,
    Controller,
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
from generator.profile.vocabulary import CONTACT_ADDRESS_ROLES


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


@dataclass(frozen=True)
class Overview:
    """The summary table: its rows, and which of its columns hold anything at all."""

    rows: tuple[PurposeRow, ...]
    """The purposes the document links anything to."""
    others: tuple[Purpose, ...]
    """The purposes it links nothing to: one line under the table, not rows of dashes."""
    columns: tuple[str, ...]
    """Of 'categories', 'bases', 'retention', 'recipients': those some row fills."""

    @property
    def dashes(self) -> bool:
        """Whether some cell of the table is empty (shown as a dash)."""
        return any(not getattr(row, c) for row in self.rows for c in self.columns)

    @property
    def folded(self) -> tuple[str, ...]:
        """The other columns: the document links none of them to a purpose, so they get none."""
        return tuple(c for c in _COLUMNS if c not in self.columns)

    @property
    def folded_sections(self) -> tuple[str, ...]:
        """The sections of the full statement where what the folded columns would show is."""
        return tuple(_COLUMN_SECTIONS[c] for c in self.folded)


_COLUMN_SECTIONS = {"categories": "data", "bases": "legal-bases", "retention": "retention",
                    "recipients": "recipients"}
_COLUMNS = tuple(_COLUMN_SECTIONS)


def purpose_rows(profile: Profile) -> tuple[PurposeRow, ...]:
    """Join each purpose with what the document itself links to it. Nothing is inferred: a
    retention rule or recipient about the same data is not thereby about the same purpose."""
    categories = {c.id: c for c in profile.data_categories}
    return tuple(PurposeRow(
        purpose=purpose,
        categories=tuple(categories[i] for i in purpose.categories),
        bases=tuple(b for b in profile.legal_bases if purpose.id in b.purposes),
        retention=tuple(r for r in profile.retention if purpose.id in r.purposes),
        recipients=tuple(r for r in profile.recipients if purpose.id in r.purposes),
    ) for purpose in profile.purposes)


def overview(profile: Profile) -> Overview:
    """The summary table of a statement, with columns that would hold nothing folded away."""
    rows = purpose_rows(profile)
    filled = tuple(c for c in _COLUMNS if any(getattr(row, c) for row in rows))
    linked = tuple(row for row in rows if any(getattr(row, c) for c in filled))
    return Overview(linked, tuple(row.purpose for row in rows if row not in linked), filled)


def classified(items: tuple[object, ...], field: str) -> tuple[object, ...]:
    """The items whose field names a term: those the document (or the profile's author) classified."""
    return tuple(item for item in items if getattr(item, field) is not None)


def untranslated(statement: Statement, lang: str) -> int:
    """How many of the statement's texts have no version in lang."""
    return sum(1 for _, text in statement.texts if lang not in dict(text.by_lang))


def sections(profile: Profile) -> tuple[Section, ...]:
    """The sections of the full statement that the document fills, in order. What it leaves out,
    the page leaves out: gaps are for `privgen check` to report, not for the organisation's page."""
    rights = profile.rights
    controller = profile.controller
    return tuple(s for s in (
        Section("controller", bool(controller.name or controller.entities or controller.addresses
                                   or controller.registrations or controller.dpo)),
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
    ) if s.stated)


def has_contact(controller: Controller) -> bool:
    """Whether the document gives any way to reach the organisation (the page's contact block)."""
    return bool(controller.name or contact_addresses(controller) or controller.contacts
                or controller.privacy_contact or controller.websites)


def contact_addresses(controller: Controller) -> tuple[Address, ...]:
    """The addresses at which the organisation can be reached: not a building the document only
    mentions (where its cameras are, say)."""
    return tuple(a for a in controller.addresses if not a.roles or CONTACT_ADDRESS_ROLES & set(a.roles))


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


def feed_date(org: Organisation, statement: Statement) -> str:
    """Atom needs a date for each version: the day it takes effect, where the document states one,
    else the day it was first published (kept in the lock file)."""
    date = statement.effective_date or org.published_on(statement)
    return f"{date.isoformat()}T00:00:00Z"


def feed_updated(org: Organisation) -> str:
    """When the feed last changed: the latest date of its entries."""
    return max(feed_date(org, statement) for statement in org.statements)


_KINDS = {"added": Words("toegevoegd", "added"), "removed": Words("verwijderd", "removed"),
          "changed": Words("gewijzigd", "changed"), "moved": Words("verplaatst", "moved")}


def change_kind(kind: str, lang: str) -> str:
    return _KINDS[kind](lang)
