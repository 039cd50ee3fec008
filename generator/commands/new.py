"""privgen new: a commented profile that validates and builds, to fill in."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

from generator.errors import PrivgenError
from generator.profile.cookiedb import cookie_database
from generator.profile.ids import ID_RULE, is_slug
from generator.profile.load import RESERVED_SLUGS
from generator.profile.providers import provider_named

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
{known_cookies}# banner:                     # proof of consent: the banner sends each choice to privgen consent serve
#   consent_log: https://consent.example.org/consent/{slug}
"""


# A first wording of what each tier's cookies are for, for the author to replace with the site's own.
_PURPOSES = {"necessary": ("Nodig om de website te laten werken.", "Needed for the website to work."),
             "analytics": ("Statistieken over het gebruik van de website.", "Statistics on how the website is used."),
             "social": ("Advertenties en inhoud van sociale media.", "Advertising and social-media content.")}


def known_cookies(names: tuple[str, ...]) -> str:
    """Profile items for cookies the Open Cookie Database knows, each with what it says of it in a
    comment to check; an unknown name is refused rather than guessed."""
    found = {name: cookie_database().lookup(name) for name in names}
    unknown = [name for name, known in found.items() if known is None]
    if unknown:
        them = "it" if len(unknown) == 1 else "them"
        raise PrivgenError(f"--cookie {', '.join(unknown)}: not in the Open Cookie Database; leave {them} out and "
                           f"add {them} to cookies.items by hand")
    lines: list[str] = []
    ids = {"session"}  # the template's own item
    for known in dict.fromkeys(filter(None, found.values())):  # _ga_1 and _ga_2: one item, _ga_*
        words = "".join(c if c.isascii() and c.isalnum() else " " for c in known.name.lower()).split()
        ident = "-".join(words) or "cookie"
        while ident in ids:  # names alike but for punctuation (_ga, ga), or the template's: told apart
            ident += "-2"
        ids.add(ident)
        tier, note = known.tier, ""
        provider = provider_named(known.platform)
        if tier == "necessary" and provider is not None and provider.tracks:  # as privgen check judges it
            tier, note = "analytics", f" {known.platform} tracks visitors: analytics, not strictly necessary."
        nl, en = _PURPOSES[tier]
        fields = [f"id: {ident}", f"name: {json.dumps(known.name + ('*' if known.wildcard else ''))}",
                  f"provider: {json.dumps(known.platform, ensure_ascii=False)}",
                  f"tier: {tier}", f"party: {'third' if '3rd party' in known.domain else 'first'}",
                  *(["session: true"] if known.session else [f"duration: {known.duration}"] if known.duration else [])]
        purpose = f"purpose: {{nl: {json.dumps(nl)}, en: {json.dumps(en)}}}"
        kept = "for the session" if known.session else known.retention or "not stated"
        about = (f"{known.name}: {known.describe()}, per the Open Cookie Database: "
                 f"{json.dumps(known.description, ensure_ascii=False)}; kept {kept}.{note} "
                 "Check it against your site and say what you use it for.")
        lines.extend(f"    # {line}\n" for line in textwrap.wrap(about, 96))
        lines.append(f"    - {{{', '.join(fields)},\n       {purpose}}}\n")
    return "".join(lines)


def scaffold(content: Path, slug: str, name: str | None, today: dt.date, cookies: tuple[str, ...] = ()) -> Path:
    """Write content/<slug>/<today>.yaml, with the cookies named as the Open Cookie Database knows
    them; refuse to touch an existing organisation."""
    if not is_slug(slug):
        raise PrivgenError(f"'{slug}' is not a valid organisation slug: use {ID_RULE}")
    if slug in RESERVED_SLUGS:
        raise PrivgenError(f"'{slug}' is a folder of the site itself ({', '.join(sorted(RESERVED_SLUGS))}): "
                           "choose another slug")
    found = known_cookies(cookies)
    folder = content / slug
    if folder.exists():
        raise PrivgenError(f"{folder} already exists: edit its profiles, or choose another slug")
    path = folder / f"{today.isoformat()}.yaml"
    display = name or slug.replace("-", " ").replace("_", " ").title()
    text = TEMPLATE.format(name=display, slug=slug, quoted=json.dumps(display, ensure_ascii=False), date=today.isoformat(),
                           title_nl=json.dumps(f"Privacyverklaring {display}", ensure_ascii=False),
                           title_en=json.dumps(f"Privacy statement {display}", ensure_ascii=False), known_cookies=found)
    try:
        folder.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise PrivgenError(f"{folder}: cannot create the organisation's folder: {exc.strerror or exc}; "
                           "check --content") from exc
    return path
