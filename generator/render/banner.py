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
from pathlib import Path, PurePosixPath
from typing import Any

import nh3
import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]
from babel.lists import format_list
from babel.support import NullTranslations

from generator.profile import vocabulary as vocab
from generator.profile.duration import days
from generator.render import urls
from generator.render.budget import gzip_size
from generator.render.filters import sanitise_markdown
from generator.profile.model import Profile

CONFIG_SLOT = re.compile(r"/\*privgen:config\*/.*?/\*privgen:end\*/", re.S)
TIERS = vocab.TIER_ORDER
Gettext = Callable[[str], str]


@dataclass(frozen=True)
class BannerFiles:
    """consent.js for one organisation, its settings layer, and what the snippet and the summary need."""

    script: bytes
    revision: str
    # consent-settings.<digest>.js, the settings dialog and the placeholders: consent.js loads it
    # from beside itself when they are needed
    settings: bytes
    # with Google Consent Mode: the inline script that sets its defaults before any tag runs
    consent_mode_defaults: str = ""

    @cached_property  # the snippet page shows it and the build summary counts it: compress once
    def gzip_size(self) -> int:
        """Of the file every visitor downloads before the banner shows; the settings layer's is apart."""
        return gzip_size(self.script)

    @cached_property
    def settings_gzip_size(self) -> int:
        return gzip_size(self.settings)

    @property
    def digest(self) -> str:
        return digest(self.script)

    @property
    def file_name(self) -> str:
        """The content-addressed name the snippet loads, which later builds keep publishing."""
        return PurePosixPath(urls.consent_script("", self.digest)).name

    @property
    def settings_digest(self) -> str:
        return digest(self.settings)

    @property
    def settings_file_name(self) -> str:
        return settings_file_name(self.settings)

    @property
    def files(self) -> dict[str, bytes]:
        """The content-addressed files, by name: the banner and its settings layer."""
        return {self.file_name: self.script, self.settings_file_name: self.settings}

    @property
    def integrity(self) -> str:
        return integrity(self.script)

    @property
    def consent_mode_defaults_hash(self) -> str:
        """What a Content-Security-Policy's script-src names to allow the inline defaults."""
        digest = hashlib.sha256(self.consent_mode_defaults.encode("utf-8")).digest()
        return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def digest(content: bytes) -> str:
    """Of a banner file's bytes: its content-addressed name, consent.<digest>.js."""
    return hashlib.sha256(content).hexdigest()[:12]


def settings_file_name(settings: bytes) -> str:
    """The settings layer's content-addressed name, which the banner loads from beside itself."""
    return PurePosixPath(urls.consent_settings_script("", digest(settings))).name


def integrity(content: bytes) -> str:
    """A banner file's Subresource Integrity value, which the browser checks before running it."""
    return "sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode("ascii")


def consent_mode_defaults() -> str:
    """The inline script a page with Google Consent Mode puts before its tags, in Google's own form
    (gtag pushes its arguments object, which is what Google's tag reads as a command): every
    parameter denied but those of strictly necessary, and the tags wait for the banner's update.
    The banner itself then loads async and sets no defaults of its own."""
    state = {name: "granted" if tier == TIERS[0] else "denied"
             for tier in TIERS for name in vocab.CONSENT_MODE_GRANTS[tier]}
    state_literal = json.dumps({**state, "wait_for_update": vocab.CONSENT_MODE_WAIT_MS}, separators=(",", ":"))
    return ("window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
            f'gtag("consent","default",{state_literal});')


def revision(profile: Profile) -> str:
    """The banner revision of a version: a hash of what a visitor consents to, each cookie's name,
    provider, party, tier, purpose (in the statement's own language) and retention. Labels, tier
    descriptions, the banner's strings and privgen's version are not in it: renaming a label or
    upgrading privgen keeps every visitor's consent; a new cookie, or one moved up a tier, asks again."""
    items = profile.cookie_items
    consented = sorted([c.tier, c.name or "", c.provider, c.party, c.purpose.pick(profile.language)[0],
                        c.duration or "", c.session] for c in items)
    return hashlib.sha256(json.dumps(consented, ensure_ascii=False).encode("utf-8")).hexdigest()[:8]


def banner_files(profile: Profile, theme_banner: Path, catalogs: dict[str, NullTranslations],
                 version: str = "") -> BannerFiles:
    """Fill the theme's consent.js and consent-settings.js with this version's tiers, cookies and
    strings; version is the id of the statement in force, which each consent record names."""
    items = profile.cookie_items
    settings = _filled(settings_code(theme_banner), {
        "strings": {lang: _settings_strings(catalogs[lang].gettext, profile, lang) for lang in profile.languages},
        "css": rcssmin.cssmin((theme_banner / "consent-settings.css").read_text(encoding="utf-8")),
    })
    config = {
        "revision": revision(profile),
        "version": version,
        "maxAge": round(days(profile.banner.consent_lifetime) * 86400),
        "default": profile.language,
        # only when set: the banner reads a missing key as off
        **({"log": profile.banner.consent_log} if profile.banner.consent_log else {}),
        # the Consent Mode parameters of each tier, in tier order: only for the banners that use them
        **({"consentMode": [vocab.CONSENT_MODE_GRANTS[tier] for tier in TIERS]} if profile.banner.consent_mode else {}),
        # what a withdrawal deletes: the first-party cookies and local storage keys (name or name*)
        # of each tier above strictly necessary, which the banner's own page can reach; a third party's it cannot
        "clear": [{"tier": c.tier, "name": c.name, **({"storage": 1} if c.storage == "local_storage" else {})}
                  for c in items if c.name and c.party == "first" and c.tier != TIERS[0]],
        # the settings layer's file, beside this one, and what the browser checks it against
        "settings": settings_file_name(settings),
        "integrity": integrity(settings),
        "strings": {lang: _strings(catalogs[lang].gettext, profile.banner.statement_url
                                   or urls.statement(".", profile.language, lang), _uses(profile, catalogs[lang], lang))
                    | {"tiers": [vocab.COOKIE_TIERS[tier].label(lang) for tier in TIERS]}
                    for lang in profile.languages},
        # last: the words compress better before it than after (measured on the example banners)
        "css": rcssmin.cssmin((theme_banner / "consent.css").read_text(encoding="utf-8")),
    }
    # the file with the code of just the optional features this profile turns on
    code = banner_code(theme_banner, consent_mode=profile.banner.consent_mode, log=bool(profile.banner.consent_log))
    return BannerFiles(_filled(code, config), str(config["revision"]), settings,
                       consent_mode_defaults() if profile.banner.consent_mode else "")


def _filled(code: tuple[str, bool], config: dict[str, Any]) -> bytes:
    """A banner file with its configuration in the slot, stripped where it is not minified yet."""
    source, minified = code
    literal = json.dumps(config, ensure_ascii=False, separators=(",", ":"))
    script = CONFIG_SLOT.sub(lambda _: literal, source, count=1)
    return (script if minified else rjsmin.jsmin(script) + "\n").encode("utf-8")


def shown(profile: Profile, catalogs: dict[str, NullTranslations]) -> dict[str, Any]:
    """What the banner of this version shows a visitor, as proof of consent needs it (GDPR Art. 7(1)):
    its revision, the first layer's words, and each tier's label, description and cookies, with
    each cookie's name, provider, party, purpose and retention, in every language of the version."""
    items = profile.cookie_items
    first_layer = {lang: _strings(catalogs[lang].gettext, "", _uses(profile, catalogs[lang], lang))
                   for lang in profile.languages}
    return {
        "revision": revision(profile),
        "first_layer": {lang: {"title": words["title"], "text": words["text"]} for lang, words in first_layer.items()},
        "tiers": {tier: {
            "label": {lang: vocab.COOKIE_TIERS[tier].label(lang) for lang in profile.languages},
            "description": {lang: _default_description(catalogs[lang].gettext, tier) for lang in profile.languages},
            "cookies": [{"name": c.name or "", "provider": c.provider, "party": c.party,
                         "purpose": {lang: c.purpose.pick(lang)[0] for lang in profile.languages},
                         "retention": "session" if c.session else c.duration}
                        for c in items if c.tier == tier],
        } for tier in TIERS},
    }


def banner_config(script: str) -> dict[str, Any] | None:
    """The configuration a built consent.js carries (revision, version, tiers, strings), read back
    from the file as a site serves it; None when it is not privgen's banner."""
    start = script.find('{"revision":')
    if start < 0 or "privacyConsent" not in script:
        return None
    try:
        config, _ = json.JSONDecoder().raw_decode(script, start)
    except ValueError:
        return None
    return config if isinstance(config, dict) else None


# terser's output of consent.js for each set of the optional features it keeps (scripts/minify-banner)
MINIFIED = {(True, True): "consent.min.js", (True, False): "consent.consent-mode.min.js",
            (False, True): "consent.log.min.js", (False, False): "consent.lean.min.js"}
SETTINGS_MINIFIED = "consent-settings.min.js"


def banner_code(theme_banner: Path, consent_mode: bool = True, log: bool = True) -> tuple[str, bool]:
    """The banner's code, and whether it is minified already: the file with the code of Google
    Consent Mode and of the consent log where asked, and without it where not (MINIFIED)."""
    return _code(theme_banner, "consent.js", MINIFIED[consent_mode, log])


def settings_code(theme_banner: Path) -> tuple[str, bool]:
    """The settings layer's code, and whether it is minified already."""
    return _code(theme_banner, "consent-settings.js", SETTINGS_MINIFIED)


def _code(theme_banner: Path, source_name: str, minified_name: str) -> tuple[str, bool]:
    """The theme keeps the readable source; visitors download terser's output of it
    (scripts/minify-banner), while that was made from this very source. Otherwise (a theme of one's
    own, an edit not yet minified) the source, without comments and indentation."""
    source = (theme_banner / source_name).read_text(encoding="utf-8")
    minified = theme_banner / minified_name
    if minified.is_file():
        code = minified.read_text(encoding="utf-8")
        made_from = hashlib.sha256(source.encode("utf-8")).hexdigest()
        preamble = f"/*! privgen {source_name}, minified from source sha256:{made_from} */\n"
        if code.startswith(preamble):
            return code[len(preamble):], True  # the preamble is for this check, not for visitors
    return source, False


def _settings_strings(gettext: Gettext, profile: Profile, lang: str) -> dict[str, Any]:
    """The second file's words in one language, the dialog's and the placeholders', and each tier in
    order with privgen's short description of it (the organisation's own, often longer, words are in
    the statement the banner links to) and its cookies; the tiers' labels are in the first file,
    which names them too."""
    items = profile.cookie_items
    return {
        "title": gettext("Cookie settings"),
        "choose": gettext("Choose which cookies you allow. Each level includes the ones before it."),
        "save": gettext("Save choice"),
        "close": gettext("Close"),
        # {provider} and {tier} are filled in by the banner, for each blocked iframe
        "blocked": gettext("Content of {provider}: shown only with your consent for {tier} cookies, which includes "
                           "the levels before it."),
        "load": gettext("Choose cookies"),
        "tiers": [{"about": _default_description(gettext, tier),
                   "cookies": [_cookie_label(c.name, c.provider, c.party, lang) for c in items if c.tier == tier]}
                  for tier in TIERS],
    }


def _uses(profile: Profile, catalog: NullTranslations, lang: str) -> str:
    """What consent would allow, naming the services of each tier that has any: "analysecookies
    (Google) en cookies van sociale media (Facebook)"."""
    gettext = catalog.gettext
    phrases = {"analytics": gettext("analytics cookies (%(services)s)"),
               "social": gettext("social media cookies (%(services)s)")}
    items = profile.cookie_items
    uses = []
    for tier, phrase in phrases.items():
        services = list(dict.fromkeys(c.provider for c in items if c.tier == tier))
        if services:
            uses.append(phrase % {"services": format_list(services, locale=lang)})
    return format_list(uses, locale=lang) if uses else ""


def _cookie_label(name: str | None, provider: str, party: str, lang: str) -> str:
    party_label = vocab.COOKIE_PARTIES[party].label(lang)
    return f"{name} ({provider}, {party_label})" if name else f"{provider} ({party_label})"


def _plain(markdown_text: str) -> str:
    """Markdown to plain text: the banner sets textContent, never HTML."""
    text = nh3.clean(sanitise_markdown(markdown_text), tags=set())
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _default_description(gettext: Gettext, tier: str) -> str:
    # that each level includes the ones before it, the dialog says once ("choose")
    return {
        "necessary": gettext("Needed for the website to work. Always on."),
        "analytics": gettext("Lets us see how visitors use the website."),
        "social": gettext("Content and sharing from social media and other third parties."),
    }[tier]


def _strings(gettext: Gettext, statement_url: str, uses: str) -> dict[str, str]:
    return {
        "title": gettext("Cookies on this website"),
        "text": gettext("Besides strictly necessary cookies, we use %(uses)s only with your consent. You can "
                        "change your choice at any time.") % {"uses": uses},
        "gpc": gettext("Your browser sends Global Privacy Control: only necessary cookies are on unless you "
                       "choose more."),
        "acceptAll": gettext("Accept all"),
        "necessaryOnly": gettext("Necessary only"),
        "settings": gettext("Settings"),
        "statement": gettext("Read our privacy statement"),
        # relative to consent.js, beside the statement pages, unless the profile gives the address
        "statementUrl": statement_url,
        "saved": gettext("Saved: {tier}. You can change this at any time in the cookie settings."),
        "failed": gettext("The cookie settings could not be loaded. Please try again."),
    }
