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
language: nl                  # the language of the document (it prevails over translations)
title:
  nl: {title_nl}
  en: {title_en}
version:
  label: {{nl: versie 1, en: version 1}}
  effective_date: {date}      # from when this version applies
controller:
  name: {quoted}
  addresses:                  # street, postcode, city; country defaults to NL
    - {{id: office, street: Straat 1, postcode: 1234 AB, city: Plaats, roles: [registered_office]}}
  contacts:
    - {{id: privacy, channel: email, value: privacy@example.org, purpose: {{nl: Vragen over privacy, en: Questions about privacy}}}}
# Each text in every language of the statement (nl and en unless you set languages: [nl]);
# privgen check reports a text without its translation.
data_categories:              # what you process; type is one of the vocabulary, text your own words
  - {{id: contact, type: contact_details, text: {{nl: "Naam, e-mailadres en telefoonnummer.", en: "Name, email address and phone number."}}}}
purposes:                     # why; link the data categories each purpose uses
  - {{id: orders, type: contract_performance, text: {{nl: Uw bestelling leveren., en: Delivering your order.}}, categories: [contact]}}
legal_bases:                  # Art. 6(1) basis per purpose; leave basis out to give only the document's words (text)
  - {{id: contract, basis: contract, purposes: [orders]}}
recipients:                   # who receives the data, and what they do with it
  - {{id: hosting, name: Hostingbedrijf, role: processor, category: hosting, activity: {{nl: Host onze website., en: Hosts our website.}}}}
retention:                    # ISO 8601 durations: P7Y, P12M, P30D
  - {{id: orders, subject: {{nl: Bestelgegevens, en: Order details}}, duration: P7Y, categories: [contact],
     reason: {{nl: Fiscale bewaarplicht., en: Statutory obligation to keep tax records.}}}}
rights:
  items:
    - {{id: access, right: access}}
    - {{id: rectification, right: rectification}}
    - {{id: erasure, right: erasure}}
    - {{id: restriction, right: restriction}}
    - {{id: objection, right: objection}}
    - {{id: portability, right: portability}}
  how: {{nl: Stuur een e-mail aan privacy@example.org., en: Send an email to privacy@example.org.}}
  response_time: P1M
complaints:
  - {{id: ap, body: supervisory_authority, name: Autoriteit Persoonsgegevens, url: https://autoriteitpersoonsgegevens.nl/}}
automated_decisions:
  used: false
provision:
  - {{id: order, requirement: contract_prerequisite, consequence: {{nl: Zonder deze gegevens kunnen we niet leveren., en: Without this data we cannot deliver.}}}}
cookies:                      # tiers: necessary, analytics, social; each includes the ones before it
  items:
    - {{id: session, name: session, provider: {quoted}, purpose: {{nl: Houdt uw winkelwagen bij., en: Keeps your shopping basket.}},
       tier: necessary, party: first}}
# banner:                     # proof of consent: the banner sends each choice to privgen consent serve
#   consent_log: https://consent.example.org/consent/{slug}
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
    text = TEMPLATE.format(name=display, slug=slug, quoted=json.dumps(display, ensure_ascii=False), date=today.isoformat(),
                           title_nl=json.dumps(f"Privacyverklaring {display}", ensure_ascii=False),
                           title_en=json.dumps(f"Privacy statement {display}", ensure_ascii=False))
    try:
        folder.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise PrivgenError(f"{folder}: cannot create the organisation's folder: {exc.strerror or exc}; "
                           "check --content") from exc
    return path
