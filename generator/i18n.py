"""Theme translations: gettext catalogs (.po) read with Babel, compiled in memory."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from generator.errors import PrivgenError, Problem

DOMAIN = "messages"


class CatalogError(PrivgenError):
    """A theme's message catalog could not be read."""


def load_translations(locales: Path, lang: str) -> NullTranslations:
    """Return the theme's translations for lang; English msgids need no catalog."""
    po_path = locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.is_file():
        if lang == "en":
            return NullTranslations()
        raise CatalogError(str(Problem(po_path, None, None, f"no message catalog for '{lang}'")))
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)
