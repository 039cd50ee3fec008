"""The Dutch catalog translates every message the theme and filters use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from generator.build import build
from generator.commands.check import check_content
from generator.errors import PrivgenError
from tests.conftest import BUILD_DATE, ROOT, Scratch

METHOD_MAP = [("generator/render/filters.py", "python"), ("themes/default/templates/**.html", "jinja2")]
OPTIONS = {"themes/default/templates/**.html": {"extensions": "jinja2.ext.i18n",
                                                "trim_blocks": "True", "lstrip_blocks": "True"}}


def test_every_message_has_a_dutch_translation() -> None:
    extracted = {message for _, _, message, _, _ in extract_from_dir(
        str(ROOT), METHOD_MAP, OPTIONS, keywords={"_": None, "gettext": None})}
    with (ROOT / "themes/default/locales/nl/LC_MESSAGES/messages.po").open("rb") as po:
        catalog = read_po(po, locale="nl")
    untranslated = sorted(m for m in extracted if not (catalog.get(m) and catalog.get(m).string))
    assert len(extracted) > 90
    assert untranslated == []


UNTRANSLATED = """\
title: {nl: Privacyverklaring Voorbeeld, en: Privacy statement Example}
controller:
  name: Voorbeeld BV
scope: {nl: Deze verklaring geldt voor onze winkel., en: This statement covers our shop.}
introduction: Wij gaan zorgvuldig om met uw gegevens.
purposes:
  - {id: orders, type: contract_performance, text: Het afhandelen van uw bestelling.}
"""


def test_an_untranslated_text_is_marked_announced_and_reported(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", UNTRANSLATED)
    result = build(scratch.content, scratch.out, on=BUILD_DATE)
    english = (scratch.out / "acme" / "en" / "index.html").read_text(encoding="utf-8")
    assert "This is a translation. The Dutch text of this statement prevails." in english
    assert "<strong>2 passages of this statement have not been translated and are shown in the original " \
           "language.</strong>" in english
    assert '<div lang="nl"><p>Wij gaan zorgvuldig om met uw gegevens.</p></div>' in english
    assert "<p>This statement covers our shop.</p>" in english
    dutch = (scratch.out / "acme" / "index.html").read_text(encoding="utf-8")
    assert "niet vertaald" not in dutch and "Dit is een vertaling" not in dutch
    assert result.check.count("error") >= 2
    findings = [f for f in check_content(scratch.content, on=BUILD_DATE).findings if f.rule.id == "language.parity"]
    assert [(f.field, f.message.en) for f in findings] == [
        ("introduction", "This text has no English translation."),
        ("purposes[0].text", "This text has no English translation."),
    ]
    with pytest.raises(PrivgenError, match="not published: the GDPR check found"):
        build(scratch.content, scratch.root / "strict", strict=True, on=BUILD_DATE)


def test_a_statement_published_in_its_own_language_only_needs_no_translation(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", "languages: [nl]\n" + UNTRANSLATED)
    build(scratch.content, scratch.out, on=BUILD_DATE)
    assert not (scratch.out / "acme" / "en").exists()
    assert not [f for f in check_content(scratch.content, on=BUILD_DATE).findings if f.rule.id == "language.parity"]


U_FORM = re.compile(r"\b(u|uw|U|Uw|kunt|wilt|bent|uzelf)\b")
# The embed page and its preview speak to the site owner, not to the statement's reader: they say 'u'.
FOR_SITE_OWNERS = ("themes/default/templates/embed.html", "themes/default/templates/preview.html")


def test_the_je_catalog_covers_every_message_a_reader_sees_in_the_u_form() -> None:
    with (ROOT / "themes/default/locales/nl/LC_MESSAGES/messages.po").open("rb") as po:
        formal = read_po(po, locale="nl")
    with (ROOT / "themes/default/locales/nl/LC_MESSAGES/je.po").open("rb") as po:
        informal = read_po(po, locale="nl")
    owners = {m for path in FOR_SITE_OWNERS for _, _, m, _, _ in extract_from_dir(
        str(ROOT), [(path, "jinja2")], OPTIONS, keywords={"_": None, "gettext": None})}
    needed = {m.id for m in formal if m.id and isinstance(m.string, str) and U_FORM.search(m.string)} - owners
    given = {m.id for m in informal if m.id}
    assert sorted(needed - given) == [] and sorted(given - {m.id for m in formal if m.id}) == []
    assert [m.string for m in informal if m.id and re.search(r"\b([Uu]w?|uzelf)\b", m.string)] == []


def test_a_statement_that_says_je_is_answered_with_je(example_build: Path, scratch: Scratch) -> None:
    clientbox = (example_build / "clientbox" / "index.html").read_text(encoding="utf-8")
    assert "<h2 id=\"rights-title\">Jouw rechten</h2>" in clientbox and "Uw rechten" not in clientbox
    scratch.profile("acme", "v1.yaml", "address_form: je\n" + UNTRANSLATED + "cookies:\n  items:\n"
                    "    - {id: ga, name: _ga, provider: Google, purpose: Statistiek, tier: analytics, party: third}\n")
    build(scratch.content, scratch.out, on=BUILD_DATE)
    assert "alleen met jouw toestemming. Je kunt je keuze altijd wijzigen." in (scratch.out / "acme" / "consent.js").read_text(encoding="utf-8")
    clavis = (example_build / "clavis" / "index.html").read_text(encoding="utf-8")
    assert "<h2 id=\"rights-title\">Uw rechten</h2>" in clavis
