"""The Dutch catalog translates every message the theme and filters use."""

from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.conftest import ROOT

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
