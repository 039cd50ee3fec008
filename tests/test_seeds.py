"""Each seed organisation's key facts appear on its generated page, in both languages."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

FACTS: dict[str, list[str]] = {
    "clavis": [
        "Clavis Beheer BV", "Clavis Piano's BV", "Clavis Piano's Services BV", "Marnixstraat 252",
        "1016 TL", "De Liesbosch 4b en 4c", "Nieuwegein", "Kruisstraat 34", "Delft", "info@clavis.nl",
        "privacycoördinator", "Opnames van telefoongesprekken", "Kentekens", "Camerabeelden",
        "10 jaar na het einde van de overeenkomst", "40 jaar", "ten hoogste 7 jaar", "7 jaar",
        "30 dagen", "ten hoogste 4 maanden", "12 maanden na het laatste contact", "EU Model Clauses",
        "modelcontractbepalingen van de EU", "gerechtvaardigd belang", "uitvoering van een overeenkomst",
        "wettelijke verplichting", "transporteur", "accountant", "Autoriteit Persoonsgegevens",
        "strikt noodzakelijk", "analyse", "social media", "Facebook", "BSN", "recht op overdraagbaarheid",
    ],
    "clientbox": [
        "Clientbox B.V.", "Lange Nobelstraat 2a", "4301 HE", "Zierikzee", "privacy@clientbox.nl",
        "support@clientbox.nl", "https://www.mijnclientbox.nl", "https://www.clientbox.nl", "VERSIE 2.0",
        "Kvk-nummer en BTW-nummer", "geografische locatiegegevens", "Het uitwisselen van business cards",
        "klantentevredenheidsonderzoeken", "Privacy Commissie", "Wet bescherming persoonsgegevens",
        "datacenter binnen de EU", "kosteloos", "recht op verwijdering", "gelijkaardige profielen",
    ],
    "softwarebedrijf": [
        "Deze verklaring noemt de organisatie die verantwoordelijk is voor uw persoonsgegevens niet bij naam.",
        "NAW-gegevens", "geboortedata", "verwerkersovereenkomst", "ten hoogste 12 maanden na het einde van de overeenkomst",
        "ISO27001", "firewall", "encryptie", "binnen 1 maand", "dataportabiliteit", "Autoriteit Persoonsgegevens",
        "Zonder deze gegevens kunnen wij onze overeenkomst niet naar behoren uitvoeren.", "toestemming",
    ],
    "kaviaarshop": [
        "Kaviaarshop", "Vareseweg 121", "3047 AT", "Rotterdam", "(6) 48152148", "info@kaviaarshop.nl",
        "John Simoskie", "30 april 2018", "MyOnlineStore", "MijnDomein", "Mijn webhost", "Sisow",
        "Microsoft Outlook", "Avast Premier", "AddThis", "Google Analytics", "US", "binnen 30 dagen",
        "Autoriteit Persoonsgegevens", "geautomatiseerde", "per e-mail op de hoogte",
    ],
    "vloet": [
        "Vloet Autocenter Mill", "versie 20180522", "17178310", "NL8144.79.601.B01",
        "NL 03 RABO 0134 3954 41", "RABONL2U", "aansprakelijkheidspositie", "fiscale bewaarplicht",
        "Elke nacht wordt er een back-up gemaakt", "accountant", "<naam systeembeheerder>",
        "verwerkingsregister", "unsubscribe-knop", "niet vermeld",
    ],
}


def page_text(path: Path) -> str:
    without_tags = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", html.unescape(without_tags))


# The version of each organisation that models its seed document (later versions are examples).
SEED_VERSIONS = {"clavis": "v1", "clientbox": "2.0", "kaviaarshop": "2018-04-30", "softwarebedrijf": "v1",
                 "vloet": "20180522"}


@pytest.mark.parametrize("org", sorted(FACTS))
def test_key_facts_appear_on_the_dutch_page(example_build: Path, org: str) -> None:
    text = page_text(example_build / org / "versions" / SEED_VERSIONS[org] / "index.html")
    missing = [fact for fact in FACTS[org] if fact not in text]
    assert missing == []


@pytest.mark.parametrize("org", sorted(FACTS))
def test_english_page_shows_dutch_only_text_marked_as_dutch(example_build: Path, org: str) -> None:
    page = (example_build / org / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert '<span lang="nl">' in page or '<div lang="nl">' in page
    assert "Your rights" in page


def test_default_page_is_the_dutch_statement(example_build: Path) -> None:
    for org in FACTS:
        assert (example_build / org / "index.html").read_text(encoding="utf-8").startswith(
            '<!DOCTYPE html>\n<html lang="nl">')
