"""Each seed organisation's key facts appear on its generated page, in both languages."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

FACTS: dict[str, list[str]] = {
    "clavis": [
        "Clavis Beheer BV", "Clavis Piano's BV", "Clavis Piano's Services BV", "Marnixstraat 252",
        "1016 TL", "De Liesbosch 4b en 4c", "Nieuwegein", "Kruisstraat 34", "Delft", "info@clavis.nl",
        "privacycoördinator", "Opnames van telefoongesprekken", "Kentekens", "Camerabeelden",
        "10 jaar na het einde van de overeenkomst", "40 jaar", "ten hoogste 7 jaar", "7 jaar",
        "30 dagen", "ten hoogste 4 maanden", "12 maanden na het laatste contact", "EU Model Clauses",
        "Gerechtvaardigd belang", "Uitvoering van een overeenkomst",
        "wettelijke verplichting", "transporteur", "accountant", "Autoriteit Persoonsgegevens",
        "strikt noodzakelijk", "analyse", "social media", "Facebook", "BSN", "Recht op overdraagbaarheid",
    ],
    "clientbox": [
        "Clientbox B.V.", "Lange Nobelstraat 2a", "4301 HE", "Zierikzee", "privacy@clientbox.nl",
        "support@clientbox.nl", "https://www.mijnclientbox.nl", "https://www.clientbox.nl", "Versie 2.0",
        "Kvk-nummer en BTW-nummer", "geografische locatiegegevens", "Het uitwisselen van business cards",
        "klantentevredenheidsonderzoeken", "Privacy Commissie", "Wet bescherming persoonsgegevens",
        "datacenter binnen de EU", "kosteloos", "Recht op verwijdering", "gelijkaardige profielen",
    ],
    "softwarebedrijf": [
        "NAW-gegevens", "geboortedata", "verwerkersovereenkomst", "ten hoogste 12 maanden na het einde van de overeenkomst",
        "ISO27001", "firewall", "encryptie", "binnen 1 maand", "dataportabiliteit", "Autoriteit Persoonsgegevens",
        "Zonder deze gegevens kunnen wij onze overeenkomst niet naar behoren uitvoeren.", "toestemming",
    ],
    "kaviaarshop": [
        "Kaviaarshop", "Vareseweg 121", "3047 AT", "Rotterdam", "(6) 48152148", "info@kaviaarshop.nl",
        "John Simoskie", "30 april 2018", "MyOnlineStore", "MijnDomein", "Mijn webhost", "Sisow",
        "Microsoft Outlook", "Avast Premier", "AddThis", "Google Analytics", "Verenigde Staten", "binnen 30 dagen",
        "Autoriteit Persoonsgegevens", "geautomatiseerde", "per e-mail op de hoogte",
    ],
    "vloet": [
        "Vloet Autocenter Mill", "Versie 20180522", "17178310", "NL8144.79.601.B01",
        "NL 03 RABO 0134 3954 41", "RABONL2U", "aansprakelijkheidspositie", "fiscale bewaarplicht",
        "Elke nacht wordt er een back-up gemaakt", "accountant", "<naam systeembeheerder>",
        "verwerkingsregister", "unsubscribe-knop",
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


class _Words(HTMLParser):
    """The words of a page's <main>, split by language: an element's lang attribute, else the page's."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.page_lang = ""
        self.in_main = False
        self.counts: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        # a language switcher names each language in that language (hreflang): not mixed text
        lang = ("switch" if "hreflang" in given else given.get("lang")) or (self.stack[-1][1] if self.stack else "")
        if tag == "html":
            self.page_lang = lang
        if tag == "main":
            self.in_main = True
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break
        if tag == "main":
            self.in_main = False

    def handle_data(self, data: str) -> None:
        if self.in_main and data.strip():
            lang = self.stack[-1][1] if self.stack else self.page_lang
            self.counts[lang] = self.counts.get(lang, 0) + len(data.split())


VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "source"}


def language_shares(path: Path) -> tuple[str, dict[str, int]]:
    parser = _Words()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.page_lang, parser.counts


def test_every_page_is_in_its_own_language(example_build: Path) -> None:
    """Every page privgen writes, in each language, has at most 1 % of its main text in another
    language (text a profile gives in one language only is marked with its lang)."""
    pages = sorted(example_build.rglob("*.html"))
    seen = {"nl": 0, "en": 0}
    too_mixed = []
    for page in pages:
        lang, counts = language_shares(page)
        seen[lang] += 1
        total = sum(counts.values())
        other = total - counts.get(lang, 0) - counts.get("switch", 0)
        if total and other / total > 0.01:
            too_mixed.append(f"{page.relative_to(example_build)}: {other} of {total} words not in {lang}")
    assert too_mixed == []
    assert seen["nl"] >= 25 and seen["en"] >= 25


@pytest.mark.parametrize("kind", ["versions/index.html", "versions/en/index.html", "embed.html", "en/embed.html"])
def test_history_and_embed_pages_exist_in_each_language_with_alternates(example_build: Path, kind: str) -> None:
    page = (example_build / "kaviaarshop" / kind).read_text(encoding="utf-8")
    lang = "en" if "en/" in kind else "nl"
    assert page.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')
    assert '<link rel="alternate" hreflang="nl"' in page and '<link rel="alternate" hreflang="en"' in page


def test_each_step_between_versions_has_a_report_in_each_language(example_build: Path) -> None:
    step = example_build / "kaviaarshop" / "changes" / "2018-04-30..2025-03-01"
    dutch, english = (step / "index.html").read_text(encoding="utf-8"), (step / "en" / "index.html").read_text(encoding="utf-8")
    assert "Sisow" in dutch and "Mollie" in english
    assert "Wat is er veranderd" in dutch and "What changed" in english
    assert "Back to the privacy statement" in english


def test_default_page_is_the_dutch_statement(example_build: Path) -> None:
    for org in FACTS:
        assert (example_build / org / "index.html").read_text(encoding="utf-8").startswith(
            '<!DOCTYPE html>\n<html lang="nl">')
