"""Rendering: named filters, untrusted text, languages and theme overrides."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import lxml.html  # type: ignore[import-untyped]
import pytest
from babel.support import NullTranslations

from generator.incremental import store
from generator.incremental.store import FolderKeeper
from generator.render import i18n
from generator.render import filters as filtering
from generator.build import build
from generator.render.theme import DEFAULT_THEME
from generator.render.filters import make_filters, sanitise_markdown
from generator.profile.gather import gather_site
from generator.render.i18n import load_translations
from generator.profile.model import Retention
from generator.render.pages import statement_json
from generator.render.theme import Theme
from generator.profile.text import Text
from tests.conftest import MINIMAL_PROFILE, PNG, Scratch
from tests.xss import build_xss_site


def filters(lang: str) -> dict[str, object]:
    translations = load_translations(Theme(DEFAULT_THEME).locales, lang)
    return make_filters(lang, translations)


def test_recipients_in_brief_name_each_once() -> None:
    # Vloet's statement has two IT suppliers it does not name: the summary says "IT supplier" once
    recipient_names = filters("en")["recipient_names"]
    recipients = [SimpleNamespace(name=None, category="accountant"), SimpleNamespace(name=None, category="it_supplier"),
                  SimpleNamespace(name=None, category="it_supplier"), SimpleNamespace(name=None, category="other"),
                  SimpleNamespace(name="Mollie", category="payment")]
    assert recipient_names(recipients) == "accountant, IT supplier, Mollie"  # type: ignore[operator]


@pytest.mark.parametrize(("lang", "iso", "words"), [
    ("nl", "P10Y", "10 jaar"), ("nl", "P30D", "30 dagen"), ("nl", "P1M", "1 maand"),
    ("en", "P4M", "4 months"), ("en", "P1Y6M", "1 year and 6 months"), ("nl", "P2W", "2 weken"),
])
def test_duration_in_words(lang: str, iso: str, words: str) -> None:
    assert filters(lang)["duration"](iso) == words  # type: ignore[operator]


def test_date_in_the_page_language() -> None:
    assert filters("nl")["date"](dt.date(2018, 5, 22)) == "22 mei 2018"  # type: ignore[operator]
    assert filters("en")["date"](dt.date(2018, 5, 22)) == "22 May 2018"  # type: ignore[operator]  # British


def test_number_in_the_page_language() -> None:
    assert filters("nl")["number"](4735) == "4.735"  # type: ignore[operator]
    assert filters("en")["number"](4735) == "4,735"  # type: ignore[operator]


@pytest.mark.parametrize(("rule", "nl", "en"), [
    (dict(duration="P10Y", starts="contract_end"), "10 jaar na het einde van de overeenkomst",
     "10 years after the end of the contract"),
    (dict(duration="P4M", maximum=True), "ten hoogste 4 maanden", "at most 4 months"),
    (dict(until="unsubscribe", duration="P12M", starts="last_contact"),
     "tot u zich afmeldt, of 12 maanden na het laatste contact, wat het eerst komt",
     "until you unsubscribe, or 12 months after the last contact, whichever comes first"),
    (dict(), "", ""),  # the page leaves it out; privgen check reports it
    (dict(criterion={"nl": "zo lang als nodig", "en": "as long as needed"}), "zo lang als nodig", "as long as needed"),
])
def test_retention_phrase(rule: dict[str, object], nl: str, en: str) -> None:
    retention = Retention.model_validate({"id": "r", "subject": "x", **rule})
    assert filters("nl")["retention"](retention) == nl  # type: ignore[operator]
    assert filters("en")["retention"](retention) == en  # type: ignore[operator]


def test_text_only_in_another_language_keeps_its_lang() -> None:
    dutch_only = Text((("nl", "Alleen Nederlands"),))
    assert str(filters("en")["text"](dutch_only)) == '<span lang="nl">Alleen Nederlands</span>'  # type: ignore[operator]
    assert str(filters("nl")["text"](dutch_only)) == "Alleen Nederlands"  # type: ignore[operator]
    both = Text((("nl", "Hallo"), ("en", "Hello")))
    assert str(filters("en")["markdown"](both)) == "<p>Hello</p>"  # type: ignore[operator]


def test_markdown_is_sanitised() -> None:
    html = sanitise_markdown('Hi <script>alert(1)</script> [x](javascript:alert(1)) '
                             '<img src=x onerror=alert(1)> **vet** info@acme.nl')
    # Raw HTML is shown as text, never run; a javascript: link loses its target.
    assert html == ('<p>Hi &lt;script&gt;alert(1)&lt;/script&gt; <a rel="noopener noreferrer">x</a> '
                    '&lt;img src=x onerror=alert(1)&gt; <strong>vet</strong> '
                    '<a href="mailto:info@acme.nl" rel="noopener noreferrer">info@acme.nl</a></p>')


def test_profile_html_is_escaped_in_the_page(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", """\
        title: "<b>Bold</b> & co"
        controller:
          name: "<script>alert(1)</script>"
        """)
    build(scratch.content, scratch.out)
    page = (scratch.out / "acme" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page
    assert "<title>&lt;b&gt;Bold&lt;/b&gt; &amp; co</title>" in page


def test_organisation_overrides_a_template_block_and_colours(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "theme:\n  accent: '#7a1f3d'\n  accent_dark: '#f2a7c0'\n")
    overrides = scratch.content / "acme" / "templates"
    overrides.mkdir()
    (overrides / "statement.html").write_text(
        '{% extends "theme/statement.html" %}\n'
        '{% block brand %}<p class="brand">Acme eigen kop</p>{% endblock %}\n', encoding="utf-8")
    build(scratch.content, scratch.out)
    page = (scratch.out / "acme" / "index.html").read_text(encoding="utf-8")
    assert '<p class="brand">Acme eigen kop</p>' in page
    assert "In het kort" in page  # the rest of the theme is still used
    assert '<link rel="stylesheet" href="../acme/org.css">' in page
    assert (scratch.out / "acme" / "org.css").read_text() == (
        ":root {\n  --accent: #7a1f3d;\n}\n@media (prefers-color-scheme: dark) {\n"
        "  :root { --accent: #f2a7c0; }\n}\n")


def test_logo_is_copied_and_needs_alt_text(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "theme:\n  logo: logo.png\n  logo_alt: Acme\n")
    (scratch.content / "acme" / "logo.png").write_bytes(PNG)
    build(scratch.content, scratch.out)
    assert (scratch.out / "acme" / "logo.png").read_bytes() == PNG
    assert '<img src="../acme/logo.png" alt="Acme" height="40">' in (
        scratch.out / "acme" / "index.html").read_text(encoding="utf-8")


def test_english_catalog_is_the_identity() -> None:
    assert isinstance(load_translations(Theme(DEFAULT_THEME).locales, "en"), NullTranslations)


def test_a_compiled_catalog_is_kept_until_its_po_file_changes(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(Theme(DEFAULT_THEME).locales, locales)
    kept = FolderKeeper(tmp_path / "compiled")
    first = load_translations(locales, "nl", kept)
    assert first.gettext("Read in:") == "Lees in het:"
    store._READ.clear()  # as a new process

    def compile_again(po: bytes, lang: str) -> bytes:
        raise AssertionError("compiled again")

    with monkeypatch.context() as compiling:
        compiling.setattr(i18n, "_compiled", compile_again)
        assert load_translations(locales, "nl", kept).gettext("Read in:") == "Lees in het:"
    po = locales / "nl" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Lees in het:"', 'msgstr "Lees in:"'), encoding="utf-8")
    assert load_translations(locales, "nl", kept).gettext("Read in:") == "Lees in:"


def test_statement_json_is_pythons_indented_json(scratch: Scratch) -> None:
    """statement.json comes from pydantic's serialiser; it must read exactly like json.dumps(indent=2)."""
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + (
        'scope: "quotes \\" and \\\\ backslash, tab\\t, bell \\a, nul \\0, é ü ß — € 😀, \\u2028 separator"\n'
        "data_subjects: []\n"
        "notes:\n"
        '  - {id: n1, heading: Kop, text: {nl: "regel een\\nregel twee", en: "<b>bold</b> & ampersand"}}\n'))
    statement = gather_site(scratch.content).organisations[0].statements[0]
    expected = json.dumps({"organisation": "acme", "version": "v1",
                           "profile": statement.profile.model_dump(mode="json", exclude_none=True)},
                          ensure_ascii=False, indent=2) + "\n"
    assert statement_json(statement).decode("utf-8") == expected
    assert "😀" in expected and "\\u0000" in expected and '"data_subjects": []' in expected


def test_no_link_in_any_page_can_run_script(tmp_path: Path) -> None:
    """Every payload of tests/xss.py, forged link placeholders included, ends up as text."""
    out = build_xss_site(tmp_path)
    targets = [element.get(name) for page in out.rglob("*.html")
               for element in lxml.html.fromstring(page.read_bytes()).iter()
               for name in ("href", "src", "action", "formaction") if element.get(name) is not None]
    assert len(targets) > 100
    assert [t for t in targets if re.match(r"\s*(javascript|data|vbscript):", t, re.I)] == []


@pytest.mark.parametrize("source, plain", [
    ("Gewoon een zin, met (haakjes) en 'quotes'.", True),
    ("Eerste alinea.\n\nTweede alinea.\n", True),
    ("Een regel\nen nog een", False),  # Markdown keeps the line break inside the paragraph
    ("1. een lijst", False), ("- een punt", False), ("# een kop", False), ("> citaat", False),
    ("    code", False), ("  ingesprongen", False), ("a & b", False), ("een *nadruk*", False),
    ("een regelafbreking  ", False), ("[link](https://example.org)", False), ("zie https://example.org", False),
])
def test_a_plain_passage_skips_markdown_and_gets_what_markdown_makes(source: str, plain: bool) -> None:
    converter = filtering._MARKDOWN
    shortcut = filtering._plain_paragraphs(filtering._BARE_URL.sub(r"<\1>", source))
    assert (shortcut is not None) == plain
    if shortcut is not None:
        assert shortcut == converter.reset().convert(source)


def test_no_passage_takes_the_shortcut_to_other_html_than_markdown_makes() -> None:
    pieces = [*"abZ éü’“—-+=>.,;:!?'\"()/%€@{}~^*_`[]<>\\&#|09", "\n", "\n\n", "  ", "\t", "\u00a0", "1. ", "- ",
              "    "]
    rng = random.Random(7)
    taken = 0
    for _ in range(30000):
        source = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        shortcut = filtering._plain_paragraphs(source)
        if shortcut is not None:
            taken += 1
            assert shortcut == filtering._MARKDOWN.reset().convert(source), repr(source)
    assert taken > 3000  # the shortcut was tried, not only declined
