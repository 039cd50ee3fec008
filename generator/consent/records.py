"""A consent record as the banner sends it, checked field by field before anything is stored.

The banner (themes/default/banner/consent.js, sendLog) posts one JSON object per choice: a random
consent id, the action, the tier and the purposes it covers, the banner revision, the statement
version in force, the page language, the GPC state and the visitor's clock. Nothing else is kept:
no IP address, no user agent, no cookie but the consent id (docs/consent-records.md).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from generator.errors import RecordError
from generator.profile.text import LANGUAGES
from generator.profile.vocabulary import TIER_ORDER

MAX_BODY = 2048  # bytes: a record is about 250; anything larger is not the banner's
Action = Literal["accept_all", "necessary_only", "settings", "withdrawal", "api"]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(pattern=r"^[0-9a-f]{32}$")
    action: Action
    tier: Literal["necessary", "analytics", "social"]
    purposes: list[str]
    revision: str = Field(pattern=r"^[0-9a-f]{8}$")
    version: str = Field(max_length=64)
    language: str
    gpc: bool
    timestamp: int = Field(ge=1_500_000_000_000, le=4_102_444_800_000)  # ms: 2017 to 2100

    @model_validator(mode="after")
    def _consistent(self) -> _Body:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
        if self.purposes != list(TIER_ORDER[:TIER_ORDER.index(self.tier) + 1]):
            raise ValueError("purposes must be the tiers up to and including tier")
        return self


@dataclass(frozen=True)
class ConsentRecord:
    """One choice, as stored: what the banner sent, the organisation, and when the server got it."""

    org: str
    consent_id: str
    action: str
    tier: str
    purposes: tuple[str, ...]
    revision: str
    version: str
    language: str
    gpc: bool
    client_time: dt.datetime
    server_time: dt.datetime

    def as_json(self) -> dict[str, Any]:
        return {"organisation": self.org, "consent_id": self.consent_id, "action": self.action, "tier": self.tier,
                "purposes": list(self.purposes), "revision": self.revision, "version": self.version,
                "language": self.language, "gpc": self.gpc, "client_time": iso_time(self.client_time),
                "server_time": iso_time(self.server_time)}


def parse_record(org: str, body: bytes, received: dt.datetime) -> ConsentRecord:
    """The record in body, or RecordError with what is wrong."""
    if len(body) > MAX_BODY:
        raise RecordError(f"the body is over {MAX_BODY} bytes")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RecordError("the body is not JSON") from exc
    try:
        record = _Body.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise RecordError(f"{where}: {first['msg']}") from None
    return ConsentRecord(org, record.id, record.action, record.tier, tuple(record.purposes), record.revision,
                         record.version, record.language, record.gpc,
                         dt.datetime.fromtimestamp(record.timestamp / 1000, dt.timezone.utc), received)


def iso_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
