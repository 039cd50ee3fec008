"""Theme translations: gettext catalogs (.po) read with Babel, compiled in memory."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from babel.support import NullTranslations, Translations

from generator.errors import CatalogError, Problem
from generator.keeping import Keeper

DOMAIN = "messages"


def load_translations(locales: Path, lang: str, keeper: Keeper | None = None, form: str = "u") -> NullTranslations:
    """Return the theme's translations for lang; English msgids need no catalog. With a keeper (the
    build cache), the compiled catalog is kept there: Babel reads a .po anew in every process.
    Dutch addressed as 'je' (form) reads je.po first, the messages that say 'u' in messages.po."""
    translations = _catalog(locales, lang, DOMAIN, keeper)
    informal = locales / lang / "LC_MESSAGES" / f"{form}.po"
    if form != "u" and informal.is_file():
        variant = _catalog(locales, lang, form, keeper)
        variant.add_fallback(translations)
        return variant
    return translations


def _catalog(locales: Path, lang: str, domain: str, keeper: Keeper | None) -> NullTranslations:
    po_path = locales / lang / "LC_MESSAGES" / f"{domain}.po"
    if not po_path.is_file():
        if lang == "en":
            return NullTranslations()
        raise CatalogError(str(Problem(po_path, None, None, f"no message catalog for '{lang}'")))
    po = po_path.read_bytes()
    if keeper is None:
        compiled = _compiled(po, lang)
    else:
        compiled = keeper.remembered(f"catalog-{lang}-{domain}.pickle", hashlib.sha256(po).hexdigest(),
                                     lambda: _compiled(po, lang))
    return Translations(io.BytesIO(compiled), domain=DOMAIN)


def _compiled(po: bytes, lang: str) -> bytes:
    """The .mo form of a .po catalog."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    buffer = io.BytesIO()
    write_mo(buffer, read_po(io.BytesIO(po), locale=lang))
    return buffer.getvalue()
