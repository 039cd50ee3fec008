"""The field types of the profile format: constrained strings and vocabulary terms, each with
its JSON Schema form."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StringConstraints, WithJsonSchema

from generator.errors import quoted
from generator.profile import vocabulary as v
from generator.profile.duration import DURATION_PATTERN
from generator.profile.ids import ID_PATTERN
from generator.profile.text import LANGUAGES

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
# a host name in lower case: www.googletagmanager.com
Host = Annotated[str, StringConstraints(
    pattern=r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$", max_length=253)]
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
