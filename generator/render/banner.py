"""The consent banner of an organisation: consent.js with its config, and the copy-paste snippet."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import nh3
import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]
from babel.support import NullTranslations

from generator.profile import vocabulary as vocab
from generator.render import urls
from generator.render.budget import gzip_size
from generator.render.filters import sanitise_markdown
from generator.profile.model import Profile

CONFIG_SLOT = re.compile(r"/\*privgen:config\*/.*?/\*privgen:end\*/", re.S)
TIERS = vocab.TIER_ORDER
Gettext = Callable[[str], str]


@dataclass(frozen=True)
class BannerFiles:
    """consent.js for one organisation, with what the snippet and the summary need."""

    script: bytes
    revision: str

    @cached_property  # the snippet page shows it and the build summary counts it: compress once
    def gzip_size(self) -> int:
        return gzip_size(self.script)

    @property
    def integrity(self) -> str:
        return "sha384-" + base64.b64encode(hashlib.sha384(self.script).digest()).decode("ascii")


def revision(profile: Profile) -> str:
    """The banner revision of a version: a hash of what a visitor consents to, each cookie's name,
    provider, party, tier, purpose (in the statement's own language) and retention. Labels, tier
    descriptions, the banner's strings and privgen's version are not in it: renaming a label or
    upgrading privgen keeps every visitor's consent; a new cookie, or one moved up a tier, asks again."""
    items = profile.cookies.items if profile.cookies else ()
    consented = sorted([c.tier, c.name or "", c.provider, c.party, c.purpose.pick(profile.language)[0],
                        c.duration or "", c.session] for c in items)
    return hashlib.sha256(json.dumps(consented, ensure_ascii=False).encode("utf-8")).hexdigest()[:8]


def banner_files(profile: Profile, theme_banner: Path, catalogs: dict[str, NullTranslations]) -> BannerFiles:
    """Fill the theme's consent.js with this version's tiers, cookies and strings."""
    tiers = _tiers(profile, catalogs)
    config = {
        "revision": revision(profile),
        "default": profile.language,
        "log": profile.banner.consent_log or "",
        "consentMode": profile.banner.consent_mode,
        "css": rcssmin.cssmin((theme_banner / "consent.css").read_text(encoding="utf-8")),
        "tiers": tiers,
        "strings": {lang: _strings(catalogs[lang].gettext, profile.banner.statement_url
                                   or urls.statement(".", profile.language, lang))
                    for lang in profile.languages},
    }
    code, minified = banner_code(theme_banner)
    literal = json.dumps(config, ensure_ascii=False, separators=(",", ":"))
    script = CONFIG_SLOT.sub(lambda _: literal, code, count=1)
    if not minified:
        script = rjsmin.jsmin(script) + "\n"
    return BannerFiles(script.encode("utf-8"), str(config["revision"]))


def banner_code(theme_banner: Path) -> tuple[str, bool]:
    """The banner's code, and whether it is minified already. The theme keeps the readable source,
    consent.js; visitors download consent.min.js, terser's output of it (scripts/minify-banner),
    while that was made from this very source. Otherwise (a theme of one's own, an edit not yet
    minified) the source without comments and indentation."""
    source = (theme_banner / "consent.js").read_text(encoding="utf-8")
    minified = theme_banner / "consent.min.js"
    if minified.is_file():
        code = minified.read_text(encoding="utf-8")
        made_from = hashlib.sha256(source.encode("utf-8")).hexdigest()
        if code.startswith(f"/*! privgen consent.js, minified from source sha256:{made_from} */\n"):
            return code, True
    return source, False


def _tiers(profile: Profile, catalogs: dict[str, NullTranslations]) -> dict[str, Any]:
    cookies = profile.cookies
    tiers: dict[str, Any] = {}
    for tier in TIERS:
        described = next((d for d in cookies.tiers if d.tier == tier), None) if cookies else None
        items = [c for c in cookies.items if c.tier == tier] if cookies else []
        tiers[tier] = {
            "label": {lang: vocab.COOKIE_TIERS[tier].label(lang) for lang in profile.languages},
            "description": {lang: _plain(described.text.pick(lang)[0]) if described and described.text
                            else _default_description(catalogs[lang].gettext, tier)
                            for lang in profile.languages},
            "cookies": [{"label": {lang: _cookie_label(c.name, c.provider, c.party, lang) for lang in profile.languages},
                         "name": c.name or "", "first": c.party == "first"} for c in items],
        }
    return tiers


def _cookie_label(name: str | None, provider: str, party: str, lang: str) -> str:
    party_label = vocab.COOKIE_PARTIES[party].label(lang)
    return f"{name} ({provider}, {party_label})" if name else f"{provider} ({party_label})"


def _plain(markdown_text: str) -> str:
    """Markdown to plain text: the banner sets textContent, never HTML."""
    text = nh3.clean(sanitise_markdown(markdown_text), tags=set())
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _default_description(gettext: Gettext, tier: str) -> str:
    return {
        "necessary": gettext("Needed for the website to work. Always on."),
        "analytics": gettext("Lets us see how visitors use the website. Includes the necessary cookies."),
        "social": gettext("Content and sharing from social media and other third parties. "
                          "Includes the necessary and analytics cookies."),
    }[tier]


def _strings(gettext: Gettext, statement_url: str) -> dict[str, str]:
    return {
        "title": gettext("Cookies on this website"),
        "text": gettext("We use strictly necessary cookies to make this website work. With your "
                        "consent we also use analytics cookies and cookies of social media. You choose, "
                        "and you can change your choice at any time."),
        "gpc": gettext("Your browser asks websites not to share or sell your data (Global Privacy "
                       "Control). We honour that: only necessary cookies are on unless you choose more."),
        "acceptAll": gettext("Accept all"),
        "necessaryOnly": gettext("Necessary only"),
        "settings": gettext("Settings"),
        "dialogTitle": gettext("Cookie settings"),
        "choose": gettext("Choose which cookies you allow. Each level includes the ones before it."),
        "save": gettext("Save choice"),
        "close": gettext("Close"),
        "statement": gettext("Read our privacy statement"),
        # relative to consent.js, beside the statement pages, unless the profile gives the address
        "statementUrl": statement_url,
        "blocked": gettext("This content is loaded only with your consent for cookies"),
        "load": gettext("Allow and load"),
    }
