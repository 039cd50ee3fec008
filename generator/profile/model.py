"""The profile format: typed, frozen models of one published version of a privacy statement.

The models are the single source of the format: validation, the JSON Schema for editors
(`privgen schema`) and the data the templates receive all come from here.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema

from generator.profile import vocabulary as v
from generator.profile.duration import DURATION_PATTERN
from generator.errors import quoted
from generator.profile.ids import ID_PATTERN
from generator.profile.text import LANGUAGES, Text

# No quote or angle bracket: a URL goes into attributes and into the snippet site owners paste.
URL_PATTERN = r"^https?://[^\s/?#\"'<>`]+\.[^\s\"'<>`]*$"
LOGO_PATTERN = r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*\.(png|jpg|jpeg|gif|webp)$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN)]
Duration = Annotated[
    str,
    StringConstraints(pattern=DURATION_PATTERN, min_length=3),
    WithJsonSchema({"type": "string", "pattern": DURATION_PATTERN, "minLength": 3,
                    "description": "ISO 8601 duration: P10Y, P12M, P4M, P30D"}),
]
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$"
Email = Annotated[str, StringConstraints(pattern=EMAIL_PATTERN)]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Language = Annotated[str, AfterValidator(lambda lang: _one_of(lang, LANGUAGES, "language")),
                     WithJsonSchema({"type": "string", "enum": list(LANGUAGES)})]


def _one_of(value: str, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise ValueError(f"{quoted(value)} is not a supported {name}. Expected one of: {', '.join(allowed)}")
    return value


def in_schema(vocabulary: v.Vocabulary) -> WithJsonSchema:
    """The JSON Schema of a field whose value is an id of the given vocabulary."""
    return WithJsonSchema({"type": "string", "enum": list(vocabulary.ids),
                           "description": f"A {vocabulary.name}"})


LegalBasis = Annotated[str, AfterValidator(v.LEGAL_BASES.check), in_schema(v.LEGAL_BASES)]
CategoryType = Annotated[str, AfterValidator(v.DATA_CATEGORIES.check), in_schema(v.DATA_CATEGORIES)]
SubjectType = Annotated[str, AfterValidator(v.DATA_SUBJECTS.check), in_schema(v.DATA_SUBJECTS)]
SourceType = Annotated[str, AfterValidator(v.SOURCES.check), in_schema(v.SOURCES)]
PurposeType = Annotated[str, AfterValidator(v.PURPOSES.check), in_schema(v.PURPOSES)]
RecipientRole = Annotated[str, AfterValidator(v.RECIPIENT_ROLES.check), in_schema(v.RECIPIENT_ROLES)]
RecipientCategory = Annotated[str, AfterValidator(v.RECIPIENT_CATEGORIES.check), in_schema(v.RECIPIENT_CATEGORIES)]
Safeguard = Annotated[str, AfterValidator(v.SAFEGUARDS.check), in_schema(v.SAFEGUARDS)]
RetentionEvent = Annotated[str, AfterValidator(v.RETENTION_EVENTS.check), in_schema(v.RETENTION_EVENTS)]
SecurityType = Annotated[str, AfterValidator(v.SECURITY_MEASURES.check), in_schema(v.SECURITY_MEASURES)]
RightType = Annotated[str, AfterValidator(v.RIGHTS.check), in_schema(v.RIGHTS)]
CookieTier = Annotated[str, AfterValidator(v.COOKIE_TIERS.check), in_schema(v.COOKIE_TIERS)]
SpecialType = Annotated[str, AfterValidator(v.SPECIAL_PROCESSING.check), in_schema(v.SPECIAL_PROCESSING)]
ComplaintBody = Annotated[str, AfterValidator(v.COMPLAINT_BODIES.check), in_schema(v.COMPLAINT_BODIES)]
ProvisionType = Annotated[str, AfterValidator(v.PROVISION_REQUIREMENTS.check), in_schema(v.PROVISION_REQUIREMENTS)]
AddressRole = Annotated[str, AfterValidator(v.ADDRESS_ROLES.check), in_schema(v.ADDRESS_ROLES)]
ContactChannel = Annotated[str, AfterValidator(v.CONTACT_CHANNELS.check), in_schema(v.CONTACT_CHANNELS)]
EntityRelation = Annotated[str, AfterValidator(v.ENTITY_RELATIONS.check), in_schema(v.ENTITY_RELATIONS)]
CookieParty = Annotated[str, AfterValidator(v.COOKIE_PARTIES.check), in_schema(v.COOKIE_PARTIES)]


class Model(BaseModel):
    # Field docstrings become descriptions in the JSON Schema (generator/profile/schema.py), not at import.
    model_config = ConfigDict(frozen=True, extra="forbid")


class Item(Model):
    """A list item with a stable id, so that versions can be compared item by item."""

    id: Id
    """Stable id of this item (lower case, digits, - and _), kept the same across versions."""


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


class LegalBasisStatement(Item):
    basis: LegalBasis
    text: Text | None = None
    """For legitimate interests: the interest pursued."""
    purposes: tuple[Id, ...] = ()
    """Ids of the purposes that rest on this basis, where the document links them."""


class Location(Model):
    country: Country | None = None
    text: Text | None = None


class Recipient(Item):
    name: str | None = None
    role: RecipientRole
    category: RecipientCategory
    activity: Text | None = None
    """What the recipient does with the data."""
    location: Location | None = None
    categories: tuple[Id, ...] = ()
    purposes: tuple[Id, ...] = ()


class Transfer(Item):
    destination: Text
    safeguard: Safeguard
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
    categories: tuple[Id, ...] = ()
    purposes: tuple[Id, ...] = ()
    reason: Text | None = None
    text: Text | None = None


class SecurityMeasure(Item):
    type: SecurityType
    text: Text | None = None


class Right(Item):
    right: RightType
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
    provider: str
    purpose: Text
    tier: CookieTier
    party: CookieParty
    duration: Duration | None = None
    session: bool = False
    country: Country | None = None


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


class Banner(Model):
    """Settings of the cookie-consent banner (consent.js); not part of the statement's text."""

    consent_mode: bool = False
    """Send Google Consent Mode v2 signals (gtag 'consent' default and update)."""
    consent_log: Url | None = None
    """Where each choice is sent (navigator.sendBeacon, JSON) as proof of consent."""
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


def walk_texts(value: object, here: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], Text]]:
    """Every free-text field below value, with its location, in document order."""
    found: list[tuple[tuple[str | int, ...], Text]] = []
    _collect_texts(value, here, found)
    return found


def _collect_texts(value: object, here: tuple[str | int, ...], found: list[tuple[tuple[str | int, ...], Text]]) -> None:
    # into one list: nested generators would hand every text up through each level of the profile
    if isinstance(value, Text):
        found.append((here, value))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            _collect_texts(item, here + (index,), found)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _collect_texts(getattr(value, name), here + (name,), found)
