"""The profile format: typed, frozen models of one published version of a privacy statement.

The models are the single source of the format: validation, the JSON Schema for editors
(`privgen schema`) and the data the templates receive all come from here.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from generator.profile.fields import (
    LOGO_PATTERN, Id, Url, Duration, Email, Country, Host, Language, LegalBasis, CategoryType, SubjectType,
    SourceType, PurposeType, RecipientRole, RecipientCategory, Safeguard, RetentionEvent, SecurityType, RightType,
    CookieTier, SpecialType, ComplaintBody, ProvisionType, AddressRole, ContactChannel, EntityRelation, CookieParty,
)
from generator.errors import quoted
from generator.profile.duration import days
from generator.profile.text import LANGUAGES, Text

class Model(BaseModel):
    # Field docstrings become descriptions in the JSON Schema (generator/profile/schema.py), not at import.
    model_config = ConfigDict(frozen=True, extra="forbid")


class Item(Model):
    """A list item with a stable id, so that versions can be compared item by item."""

    id: Id
    """Stable id of this item (lower case, digits, - and _), kept the same across versions."""


class Classifiable(Item):
    """An item that names a legal category in its field _classifier, or, with that field left
    out, records the document's words (text) without classifying them."""

    _classifier: str = ""

    @model_validator(mode="after")
    def _words_when_unclassified(self) -> Classifiable:
        if getattr(self, self._classifier) is None and getattr(self, "text") is None:
            raise PydanticCustomError(
                "unclassified_without_text",
                "give '{field}' or, to record the document's own words without classifying them, 'text'",
                {"field": self._classifier})
        return self


# --- version -------------------------------------------------------------------------------

class Version(Model):
    label: Text | None = None
    """The version as the document names it, e.g. 'versie 2.0'."""
    effective_date: dt.date | None = None
    """The date from which this version applies (YYYY-MM-DD), where the document states it."""


# --- controller ----------------------------------------------------------------------------

class Entity(Item):
    name: str
    relation: EntityRelation


class Address(Item):
    street: str
    postcode: str | None = None
    city: str
    country: Country = "NL"
    roles: tuple[AddressRole, ...] = ()
    """What the address is: registered office, office, site, postal address."""


class Contact(Item):
    channel: ContactChannel
    value: str
    """The e-mail address, phone number or URL, as the document gives it."""
    purpose: Text | None = None
    """What to use this channel for, in the document's words."""


class Registrations(Model):
    kvk: Annotated[str, StringConstraints(pattern=r"^\d{8}$")] | None = None
    """Dutch Chamber of Commerce (KvK) number, 8 digits."""
    vat: str | None = None
    iban: str | None = None
    bic: str | None = None


class PrivacyContact(Model):
    name: str | None = None
    role: Text | None = None
    """E.g. 'privacycoördinator', 'contactpersoon voor privacyzaken'."""
    email: Email | None = None
    phone: str | None = None


class Controller(Model):
    name: str | None = None
    """Leave out when the document does not name the organisation: the page says so."""
    entities: tuple[Entity, ...] = ()
    registrations: Registrations | None = None
    addresses: tuple[Address, ...] = ()
    websites: tuple[Url, ...] = ()
    contacts: tuple[Contact, ...] = ()
    privacy_contact: PrivacyContact | None = None
    dpo: PrivacyContact | None = None
    """The data protection officer (functionaris gegevensbescherming), where there is one."""


# --- what, whose, from where --------------------------------------------------------------

class DataSubject(Item):
    type: SubjectType
    text: Text | None = None


class DataCategory(Item):
    type: CategoryType
    text: Text | None = None
    """The document's own wording of this category."""
    subjects: tuple[Id, ...] = ()
    """Ids of the data-subject groups this category is about."""


class Source(Item):
    type: SourceType
    text: Text | None = None


class Purpose(Item):
    type: PurposeType
    text: Text | None = None
    categories: tuple[Id, ...] = ()
    """Ids of the data categories used for this purpose, where the document links them."""
    for_customers: bool = False
    """True where the document says the organisation does this as its customers' processor (under a
    verwerkersovereenkomst): informing the people concerned is then the customers' duty (Art. 28)."""


class LegalBasisStatement(Classifiable):
    _classifier = "basis"
    basis: LegalBasis | None = None
    """The Art. 6(1) basis, where the document names it; leave out to record the document's words
    without classifying them (the page then shows the words and no article)."""
    text: Text | None = None
    """The document's words; for legitimate interests, the interest pursued."""
    purposes: tuple[Id, ...] = ()
    """Ids of the purposes that rest on this basis, where the document links them."""


class Location(Model):
    country: Country | None = None
    text: Text | None = None


class Recipient(Item):
    name: str | None = None
    role: RecipientRole | None = None
    """Processor, controller or authority, where the document says so; else leave out."""
    category: RecipientCategory
    activity: Text | None = None
    """What the recipient does with the data."""
    location: Location | None = None
    categories: tuple[Id, ...] = ()
    purposes: tuple[Id, ...] = ()


class Transfer(Classifiable):
    _classifier = "safeguard"
    destination: Text
    safeguard: Safeguard | None = None
    """The safeguard the document names (Art. 45-49); leave out where it gives only its own words
    or an example, and put those words in text."""
    recipients: tuple[Id, ...] = ()
    text: Text | None = None


class Retention(Item):
    subject: Text
    """What is kept, in the document's words."""
    duration: Duration | None = None
    starts: RetentionEvent | None = None
    """The event the duration counts from."""
    until: RetentionEvent | None = None
    """An event that ends the retention (alone, or whichever comes first with the duration)."""
    maximum: bool = False
    """True where the document says 'no longer than'."""
    criterion: Text | None = None
    """A criterion instead of a period, in the document's words ('zo lang als nodig voor ...')."""
    unless: Text | None = None
    """An exception or condition the document attaches ('tenzij ...'); the summary shows it too."""
    categories: tuple[Id, ...] = ()
    purposes: tuple[Id, ...] = ()
    subjects: tuple[Id, ...] = ()
    """Ids of the data subjects whose data it keeps ('Als u een klant van ons bent'): all their data,
    unless categories or purposes narrow it."""
    reason: Text | None = None
    text: Text | None = None


class SecurityMeasure(Classifiable):
    _classifier = "type"
    type: SecurityType | None = None
    """The kind of measure, where the document names it; else leave out and give text."""
    text: Text | None = None


class Right(Classifiable):
    _classifier = "right"
    right: RightType | None = None
    """The GDPR right, where the document names it; leave out for a right in the document's own
    words that is not one of them (the page shows the words and no article)."""
    text: Text | None = None


class Rights(Model):
    items: tuple[Right, ...] = ()
    how: Text | None = None
    """How to exercise the rights."""
    contact: Email | None = None
    response_time: Duration | None = None
    free_of_charge: bool | None = None
    identification: Text | None = None
    text: Text | None = None


class Complaint(Item):
    body: ComplaintBody
    name: str | None = None
    url: Url | None = None
    contact: str | None = None
    text: Text | None = None


class AutomatedDecisions(Model):
    used: bool | None = None
    text: Text | None = None


class SpecialProcessing(Item):
    type: SpecialType
    locations: tuple[Id, ...] = ()
    """Ids of controller addresses where it happens."""
    text: Text | None = None


class Marketing(Model):
    text: Text | None = None
    opt_out: Text | None = None


class Provision(Item):
    requirement: ProvisionType
    consequence: Text | None = None
    text: Text | None = None


class TierDescription(Model):
    tier: CookieTier
    text: Text | None = None
    lets: tuple[Text, ...] = ()
    """What the visitor allows with this tier, item by item."""


class Cookie(Item):
    name: str | None = None
    """The cookie's name; one ending in * stands for every name it starts (_ga_*)."""
    storage: Literal["cookie", "local_storage"] = "cookie"
    """Where it is kept: a cookie, or a key of the browser's local storage."""
    provider: str
    purpose: Text
    tier: CookieTier
    party: CookieParty
    duration: Duration | None = None
    session: bool = False
    country: Country | None = None
    hosts: tuple[Host, ...] = ()
    """Sites its service loads from or sends to (with their subdomains), for privgen audit."""


class Cookies(Model):
    text: Text | None = None
    tiers: tuple[TierDescription, ...] = ()
    items: tuple[Cookie, ...] = ()


class Changes(Model):
    text: Text | None = None
    notification: Text | None = None


class Note(Item):
    heading: Text
    text: Text


def _at_most_a_year(period: str) -> str:
    # the Dutch regulator (AP) and the EDPB: ask again within a year
    if not 0 < days(period) <= 365:
        raise ValueError(f"{quoted(period)} is longer than a year, or no time at all: use at most P12M, such as P6M")
    return period


class Banner(Model):
    """Settings of the cookie-consent banner (consent.js); not part of the statement's text."""

    consent_mode: bool = False
    """Send Google Consent Mode v2 signals (gtag 'consent' default and update)."""
    consent_log: Url | None = None
    """Where each choice is sent (navigator.sendBeacon, JSON) as proof of consent."""
    consent_lifetime: Annotated[Duration, AfterValidator(_at_most_a_year)] = "P12M"
    """How long a choice (consent or refusal) is kept before visitors are asked again; at most P12M."""
    script_url: Url | None = None
    """Where the organisation publishes consent.js; used in the copy-paste snippet."""
    statement_url: Url | None = None
    """Where the organisation publishes its privacy statement; linked from the settings."""


class Theme(Model):
    accent: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] | None = None
    """Accent colour for links and headings in light mode; needs 4.5:1 contrast on white."""
    accent_dark: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] | None = None
    """Accent colour in dark mode; needs 4.5:1 contrast on the dark background."""
    logo: Annotated[str, StringConstraints(pattern=LOGO_PATTERN)] | None = None
    """A file in the organisation's folder."""
    logo_alt: Text | None = None


class Profile(Model):
    """One published version of an organisation's privacy statement."""

    language: Language = "nl"
    """Language of the document, and of plain-string texts in this file."""
    address_form: Literal["u", "je"] = "u"
    """How privgen's own Dutch words address the reader, as the document does: 'u' or 'je'."""
    languages: tuple[Language, ...] = LANGUAGES
    title: Text
    version: Version = Field(default_factory=Version)
    scope: Text | None = None
    """Whom and what the statement covers."""
    introduction: Text | None = None
    controller: Controller
    data_subjects: tuple[DataSubject, ...] = ()
    data_categories: tuple[DataCategory, ...] = ()
    sources: tuple[Source, ...] = ()
    purposes: tuple[Purpose, ...] = ()
    legal_bases: tuple[LegalBasisStatement, ...] = ()
    recipients: tuple[Recipient, ...] = ()
    recipients_text: Text | None = None
    transfers: tuple[Transfer, ...] = ()
    transfers_text: Text | None = None
    retention: tuple[Retention, ...] = ()
    retention_text: Text | None = None
    retention_unless: Text | None = None
    """An exception the document makes to every retention rule, in its words; shown in the summary."""
    security: tuple[SecurityMeasure, ...] = ()
    security_text: Text | None = None
    rights: Rights | None = None
    complaints: tuple[Complaint, ...] = ()
    automated_decisions: AutomatedDecisions | None = None
    special_processing: tuple[SpecialProcessing, ...] = ()
    marketing: Marketing | None = None
    provision: tuple[Provision, ...] = ()
    cookies: Cookies | None = None
    changes: Changes | None = None
    notes: tuple[Note, ...] = ()
    """What the document says that no other field holds, in its own words."""
    theme: Theme | None = None
    banner: Banner = Field(default_factory=Banner)

    @property
    def cookie_items(self) -> tuple[Cookie, ...]:
        """The cookies (and local storage keys) the profile lists; none where it has no cookies section."""
        return self.cookies.items if self.cookies is not None else ()

    @property
    def asks_consent(self) -> bool:
        """Whether a cookie lies above 'strictly necessary': only then is there consent to ask, and a banner."""
        return any(cookie.tier != "necessary" for cookie in self.cookie_items)
