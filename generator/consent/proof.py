"""What a regulator asks for: a consent id's every choice with what the visitor was shown at it,
and the records of an organisation as JSON lines, CSV or JSON-LD (ISO/IEC TS 27560 with W3C DPV).

What the visitor was shown is rebuilt from the content folder: every published version stays in it
unchanged (versions.lock), so the statement version a record names gives its cookie inventory, and
its banner revision is checked against the record's.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.consent.records import ConsentRecord, iso_time
from generator.consent.service import origin_of
from generator.errors import PrivgenError
from generator.profile.gather import gather_site
from generator.profile.site import Organisation, Statement
from generator.render import urls
from generator.render.banner import shown
from generator.render.filters import duration_in_words
from generator.render.outputs import renderer_for
from generator.render.theme import DEFAULT_THEME, Theme

# ISO/IEC TS 27560 consent event types and W3C DPV terms (docs/consent-records.md)
_STATUS = {"accept_all": "dpv:ConsentGiven", "settings": "dpv:ConsentGiven", "api": "dpv:ConsentGiven",
           "necessary_only": "dpv:ConsentRefused", "withdrawal": "dpv:ConsentWithdrawn"}
_PURPOSES = {"necessary": "dpv:ServiceProvision", "analytics": "dpv:ServiceUsageAnalytics",
             "social": "dpv:SocialMediaMarketing"}


@dataclass(frozen=True)
class Shown:
    """What the banner showed with one choice: the statement version, its permanent address, whether
    the record's revision is that version's, and the banner's words and tiers (render/banner.shown),
    as the build also publishes them (consent/revisions/<revision>.json)."""

    version: str
    address: str
    revision_matches: bool
    banner: Mapping[str, Any]


def site_origins(content: Path) -> dict[str, frozenset[str]]:
    """Each organisation's own sites (controller.websites of any of its versions, over http and
    https), by slug."""
    site = gather_site(content, check_locks=False)
    # a site the document gives as http:// is served over https today, and the browser says so
    return {org.slug: frozenset(origin_of(scheme + url.split("://", 1)[1]) for s in org.statements
                                for url in s.profile.controller.websites for scheme in ("http://", "https://"))
            for org in site.organisations}


def organisation(content: Path, slug: str) -> Organisation:
    site = gather_site(content, (slug,), check_locks=False)
    return site.organisations[0]


def shown_with(org: Organisation, record: ConsentRecord) -> Shown | None:
    statement = next((s for s in org.statements if s.version_id == record.version), None)
    if statement is None:
        return None
    renderer = renderer_for(Theme(DEFAULT_THEME))
    catalogs = {lang: renderer.translations(lang, org.address_form) for lang in statement.profile.languages}
    banner = shown(statement.profile, catalogs)
    return Shown(statement.version_id, urls.version(org.slug, statement.version_id),
                 banner.pop("revision") == record.revision, banner)


def proof_text(org: Organisation, history: list[ConsentRecord]) -> str:
    """The history of one consent id, each choice with what was shown, for the terminal or a file."""
    if not history:
        raise PrivgenError(f"{org.slug}: no records of this consent id")
    lines = [f"Consent id {history[0].consent_id} at {org.slug}: {len(history)} "
             f"{'choice' if len(history) == 1 else 'choices'}"]
    for number, record in enumerate(history, 1):
        shown = shown_with(org, record)
        lines.append(f"{number}. {iso_time(record.client_time)} (received {iso_time(record.server_time)}): {record.action}, "
                     f"tier {record.tier} ({', '.join(record.purposes)}); GPC {'on' if record.gpc else 'off'}; "
                     f"language {record.language}; banner revision {record.revision}")
        if shown is None:
            lines.append(f"   statement version {record.version}: not in the content folder")
            continue
        lines.append(f"   statement version {shown.version}, permanently at {shown.address}")
        if not shown.revision_matches:
            lines.append("   the revision is not that version's: the banner was built from other content")
        lang = record.language if record.language in shown.banner["first_layer"] else statement_language(shown)
        layer = shown.banner["first_layer"][lang]
        lines.append(f"   banner ({lang}): {layer['title']}. {layer['text']}")
        for tier, data in shown.banner["tiers"].items():
            if tier not in record.purposes and not data["cookies"]:
                continue
            chosen = "on" if tier in record.purposes else "off"
            lines.append(f"   - {tier} ({data['label'][lang]}, {chosen}): {data['description'][lang]}")
            for cookie in data["cookies"]:
                retention = ("for the session" if cookie["retention"] == "session" else
                             f"kept {duration_in_words(cookie['retention'], 'en')}" if cookie["retention"]
                             else "retention not stated")
                lines.append(f"     · {cookie['name'] or '(no name)'} ({cookie['provider']}, {cookie['party']} party, "
                             f"{retention}): {cookie['purpose'][lang]}")
    return "\n".join(lines) + "\n"


def statement_language(shown: Shown) -> str:
    """The statement's own language: the first of the banner's (a record's may be one it lacks)."""
    return str(next(iter(shown.banner["first_layer"])))


def export(records: Iterable[ConsentRecord], form: str, controller: str) -> str:
    rows = [record.as_json() for record in records]
    if form == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if form == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["consent_id"], lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ",".join(v) if isinstance(v, list) else v for k, v in row.items()})
        return buffer.getvalue()
    return json.dumps(_jsonld(rows, controller), ensure_ascii=False, indent=2) + "\n"


def _jsonld(rows: Sequence[Mapping[str, Any]], controller: str) -> dict[str, Any]:
    return {
        "@context": {"dpv": "https://w3id.org/dpv#", "dcterms": "http://purl.org/dc/terms/",
                     "privgen": "urn:privgen:"},
        "@graph": [{
            "@id": f"urn:privgen:consent:{row['organisation']}:{row['consent_id']}:{row['client_time']}",
            "@type": "dpv:ConsentRecord",
            "dpv:hasIdentifier": row["consent_id"],
            "dpv:hasDataController": controller,
            "dpv:hasConsentStatus": {"@id": _STATUS[row["action"]]},
            "dpv:hasPurpose": [{"@id": _PURPOSES[p]} for p in row["purposes"]],
            "dpv:hasNotice": {"dcterms:identifier": row["version"], "dpv:hasIdentifier": row["revision"]},
            "dcterms:language": row["language"],
            "dpv:hasIndicationTime": row["client_time"],
            "dcterms:created": row["server_time"],
            "privgen:action": row["action"],
            "privgen:gpc": row["gpc"],
        } for row in rows],
    }
