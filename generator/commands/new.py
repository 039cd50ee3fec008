"""privgen new: a commented profile that validates and builds, to fill in."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generator.errors import PrivgenError
from generator.profile.ids import ID_RULE, is_slug
from generator.profile.load import RESERVED_SLUGS

TEMPLATE = """\
# yaml-language-server: $schema=../../schema/profile.schema.json
# The privacy statement of {name}, one version. The file name is the version id; a later version
# is a new file. Ids (id: ...) stay the same across versions so that changes can be compared.
# privgen check tells what GDPR Art. 13/14 still asks for.
language: nl                  # the language of plain texts in this file
title:
  nl: {title_nl}
  en: {title_en}
version:
  label: versie 1
  effective_date: {date}      # from when this version applies
controller:
  name: {quoted}
  addresses:                  # street, postcode, city; country defaults to NL
    - {{id: office, street: Straat 1, postcode: 1234 AB, city: Plaats, roles: [registered_office]}}
  contacts:
    - {{id: privacy, channel: email, value: privacy@example.org, purpose: "Vragen over privacy"}}
data_categories:              # what you process; type is one of the vocabulary, text your own words
  - {{id: contact, type: contact_details, text: "Naam, e-mailadres en telefoonnummer."}}
purposes:                     # why; link the data categories each purpose uses
  - {{id: orders, type: contract_performance, text: "Uw bestelling leveren.", categories: [contact]}}
legal_bases:                  # Art. 6(1) basis per purpose
  - {{id: contract, basis: contract, purposes: [orders]}}
recipients:                   # who receives the data, and what they do with it
  - {{id: hosting, name: Hostingbedrijf, role: processor, category: hosting, activity: "Host onze website."}}
retention:                    # ISO 8601 durations: P7Y, P12M, P30D
  - {{id: orders, subject: Bestelgegevens, duration: P7Y, categories: [contact], reason: "Fiscale bewaarplicht."}}
rights:
  items:
    - {{id: access, right: access}}
    - {{id: rectification, right: rectification}}
    - {{id: erasure, right: erasure}}
    - {{id: restriction, right: restriction}}
    - {{id: objection, right: objection}}
    - {{id: portability, right: portability}}
  how: Stuur een e-mail aan privacy@example.org.
  response_time: P1M
complaints:
  - {{id: ap, body: supervisory_authority, name: Autoriteit Persoonsgegevens, url: https://autoriteitpersoonsgegevens.nl/}}
automated_decisions:
  used: false
provision:
  - {{id: order, requirement: contract_prerequisite, consequence: "Zonder deze gegevens kunnen we niet leveren."}}
cookies:                      # tiers: necessary, analytics, social; each includes the ones before it
  items:
    - {{id: session, name: session, provider: {quoted}, purpose: "Houdt uw winkelwagen bij.", tier: necessary, party: first}}
"""


def scaffold(content: Path, slug: str, name: str | None, today: dt.date) -> Path:
    """Write content/<slug>/<today>.yaml; refuse to touch an existing organisation."""
    if not is_slug(slug):
        raise PrivgenError(f"'{slug}' is not a valid organisation slug: use {ID_RULE}")
    if slug in RESERVED_SLUGS:
        raise PrivgenError(f"'{slug}' is a folder of the site itself ({', '.join(sorted(RESERVED_SLUGS))}): "
                           "choose another slug")
    folder = content / slug
    if folder.exists():
        raise PrivgenError(f"{folder} already exists: edit its profiles, or choose another slug")
    path = folder / f"{today.isoformat()}.yaml"
    display = name or slug.replace("-", " ").replace("_", " ").title()
    text = TEMPLATE.format(name=display, quoted=json.dumps(display, ensure_ascii=False), date=today.isoformat(),
                           title_nl=json.dumps(f"Privacyverklaring {display}", ensure_ascii=False),
                           title_en=json.dumps(f"Privacy statement {display}", ensure_ascii=False))
    try:
        folder.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise PrivgenError(f"{folder}: cannot create the organisation's folder: {exc.strerror or exc}; "
                           "check --content") from exc
    return path
