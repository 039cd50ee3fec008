"""Host pages as a site owner writes them, a consent.js built for them, and a logging server."""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import http.server
import re
import shutil
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.build import build
from generator.render.banner import banner_config

CSP = "default-src 'self'; script-src 'self'; style-src 'self'; frame-src 'self'"

SHOP_PROFILE = """\
title: {{nl: Privacyverklaring Winkel, en: Shop privacy statement}}
controller:
  name: Winkel BV
cookies:
  tiers:
    - {{tier: analytics, text: {{nl: Meten hoe bezoekers de winkel gebruiken., en: Measuring how visitors use the shop.}}}}
  items:
    - {{id: session, name: shop_session, provider: Winkel BV, purpose: Winkelwagen, tier: necessary, party: first}}
    - {{id: stats, name: _stats_id, provider: Winkel BV, purpose: Statistiek, tier: analytics, party: first, duration: P13M}}
    - {{id: share, name: share_pref, provider: Winkel BV, purpose: Deelknoppen, tier: social, party: first, duration: P1Y}}
    - {{id: video, name: VISITOR_INFO, provider: YouTube, purpose: Video, tier: social, party: third}}
    - {{id: ga4, name: _ga_*, provider: Winkel BV, purpose: Statistiek per meting, tier: analytics, party: first}}
    - {{id: recent, name: recent_*, storage: local_storage, provider: Winkel BV, purpose: Laatst bekeken, tier: social, party: first}}
"""
# What the shop's profile turns on, for each file the build can serve: the full banner with
# Consent Mode and the consent log; the lean one with neither (consent.lean.min.js), which
# visitors of most sites download; and one of the two.
BANNER_SETTINGS = {
    "full": "banner:\n  consent_mode: true\n  consent_log: {base}log\n",
    "lean": "",
    "consent-mode": "banner:\n  consent_mode: true\n",
    "log": "banner:\n  consent_log: {base}log\n",
}
VARIANTS = ("full", "lean")  # every banner test runs on these two

GATED = """\
<script src="/js/init.js"></script>
<script type="text/plain" data-consent-tier="analytics" src="/js/analytics.js"></script>
<script type="text/plain" data-consent-tier="social" src="/js/social.js"></script>
<script type="text/plain" data-consent-tier="analytics" src="/js/analytics-late.js"></script>
"""

PAGE = """\
<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{loader}
{head}
</head>
<body>
<header>{skip}<nav aria-label="Site"><a href="/index.html">Home</a> <a href="/page2.html">Page 2</a></nav></header>
<main id="main">
<h1>{title}</h1>
<p>Welkom in onze winkel. <a href="#" data-consent-open>{settings}</a></p>
<iframe data-consent-tier="social" data-src="/frame.html" title="Video"></iframe>
</main>
<footer><p>Winkel BV</p></footer>
{gated}
</body>
</html>
"""

SCRIPTS = {
    "init.js": "window.ran = window.ran || [];",
    "tag.js": "window.dataLayer = window.dataLayer || []; window.dataLayer.push({event: 'tag-loaded'});",
    "analytics.js": "window.ran.push('analytics'); document.cookie = '_stats_id=1; Path=/';",
    "social.js": "window.ran.push('social'); document.cookie = 'share_pref=1; Path=/';",
    "analytics-late.js": "window.ran.push('analytics-late');",
    "late.js": "window.ran.push('added-later');",
    "slow.js": "window.slowDone = true;",
}

# As the embed page gives the snippet: first in the head where Consent Mode is on (the shop's
# profile), so that its defaults precede Google's tag; async otherwise.
SYNC = '<script src="/consent.js"></script>\n<script src="/js/tag.js"></script>'
ASYNC = '<script async src="/consent.js"></script>'
SLOW_SECONDS = 3  # how long the server holds /js/slow.js, a script at the end of slow.html's body


# A page script that replaces built-ins the banner could lean on, after the banner loaded: a badly
# written polyfill, or a page that means to get round the banner.
HOSTILE_BUILTINS = """\
<script>
Array.prototype.indexOf = function () { return -1; };
Array.prototype.includes = function () { return true; };
Element.prototype.getAttribute = function () { return 'necessary'; };
</script>
"""

# A second organisation's profile: its banner on the same page as the shop's.
OTHER_PROFILE = """\
title: Privacyverklaring Ander
controller:
  name: Ander BV
cookies:
  items:
    - {id: stats, name: _other, provider: Ander BV, purpose: Statistiek, tier: analytics, party: first}
"""

HERO_CSS = """\
header { position: sticky; top: 0; background: #222; color: #fff; padding: 1rem; z-index: 10; }
header a { color: #fff; }
main::before { content: ""; display: block; width: 100%; aspect-ratio: 16 / 9;
               background: linear-gradient(135deg, #456, #abc); }
"""

AGGRESSIVE_CSS = """\
* { font-family: "Comic Sans MS", cursive !important; color: #ff00ff !important; font-size: 30px !important; }
div, section, p, button, dialog { display: none !important; }
button { background: yellow !important; width: 10px !important; }
body > * { position: absolute !important; left: -9999px !important; }
main, header, footer { position: static !important; left: auto !important; }
"""


@dataclass
class HostSite:
    """The served folder and everything the server saw."""

    folder: Path
    url: str = ""
    # the embed page's snippet, as a site owner pastes it (with Consent Mode: its inline defaults too)
    snippet: str = ""
    requests: list[str] = field(default_factory=list)
    beacons: list[bytes] = field(default_factory=list)

    def requested(self, name: str) -> bool:
        return any(path.endswith(name) for path in self.requests)

    @property
    def settings_file(self) -> Path:
        """The settings layer the served consent.js loads from beside itself."""
        config = banner_config((self.folder / "consent.js").read_text(encoding="utf-8"))
        assert config is not None
        return self.folder / str(config["settings"])

    @property
    def inline_hash(self) -> str:
        """The CSP source that allows the snippet's inline script, worked out here from its text."""
        inline = re.search(r"<script>(.*?)</script>", self.snippet, re.S)
        if inline is None:
            return ""
        return "'sha256-" + base64.b64encode(hashlib.sha256(inline.group(1).encode("utf-8")).digest()).decode() + "'"


def embed_snippet(embed_page: Path) -> str:
    """The snippet of an embed page, as its copy button copies it."""
    found = re.search(r'<code id="snippet">(.*?)</code>', embed_page.read_text(encoding="utf-8"), re.S)
    assert found is not None, embed_page
    return html.unescape(found.group(1))


def write_host_pages(folder: Path, snippet: str) -> None:
    (folder / "favicon.ico").write_bytes(b"")  # a site has one: no 404 in the console of a test that waits for it
    js = folder / "js"
    js.mkdir(parents=True, exist_ok=True)
    for name, body in SCRIPTS.items():
        (js / name).write_text(body, encoding="utf-8")
    (folder / "frame.html").write_text("<!DOCTYPE html><title>Video</title><p>video</p>", encoding="utf-8")
    (folder / "aggressive.css").write_text(AGGRESSIVE_CSS, encoding="utf-8")
    (folder / "hero.css").write_text(HERO_CSS, encoding="utf-8")
    pages = {
        "index.html": dict(lang="nl", title="Winkel", settings="Cookie-instellingen", head="", gated=GATED),
        "page2.html": dict(lang="nl", title="Pagina 2", settings="Cookie-instellingen", head="", gated=GATED),
        "en.html": dict(lang="en-GB", title="Shop", settings="Cookie settings", head="", gated=GATED),
        "csp.html": dict(lang="nl", title="Strikte CSP", settings="Cookie-instellingen", head="", gated=GATED),
        "aggressive.html": dict(lang="nl", title="Agressieve CSS", settings="Cookie-instellingen",
                                head='<link rel="stylesheet" href="/aggressive.css">', gated=GATED),
        "hostile.html": dict(lang="nl", title="Vijandige pagina", settings="Cookie-instellingen",
                             head=HOSTILE_BUILTINS, gated=GATED),
        "twice.html": dict(lang="nl", title="Twee keer", settings="Cookie-instellingen",
                           head='<script src="/consent.js"></script>', gated=GATED),
        "two-organisations.html": dict(lang="nl", title="Twee organisaties", settings="Cookie-instellingen",
                                       head='<script src="/other-consent.js"></script>', gated=GATED),
        "sub/index.html": dict(lang="nl", title="Onderpagina", settings="Cookie-instellingen", head="", gated=GATED),
        "inline.html": dict(lang="nl", title="Inline", settings="Cookie-instellingen", head="", gated=GATED + textwrap.dedent("""\
            <script type="text/plain" data-consent-tier="social">window.ran.push('social-inline');</script>
            """)),
        # a shop homepage: a skip link in a sticky header, then a hero image (the banner goes after the link)
        "hero.html": dict(lang="nl", title="Winkel", settings="Cookie-instellingen", gated=GATED,
                          head='<link rel="stylesheet" href="/hero.css">',
                          skip='<a href="#main">Naar de inhoud</a> · '),
        # the same homepage with the snippet loaded async
        "async.html": dict(lang="nl", title="Winkel", settings="Cookie-instellingen", gated=GATED,
                           head='<link rel="stylesheet" href="/hero.css">', loader=ASYNC,
                           skip='<a href="#main">Naar de inhoud</a> · '),
        # a long page still arriving: the parser waits for a slow script at the end of the body
        "slow.html": dict(lang="nl", title="Winkel", settings="Cookie-instellingen",
                          gated=GATED + '<script src="/js/slow.js"></script>',
                          head='<link rel="stylesheet" href="/hero.css">', loader=ASYNC,
                          skip='<a href="#main">Naar de inhoud</a> · '),
        # the embed page's snippet as pasted, then Google's tag: with Consent Mode its inline
        # defaults and the banner async; once without and once with a strict CSP that allows the
        # inline defaults by their hash
        "pasted.html": dict(lang="nl", title="Winkel", settings="Cookie-instellingen", head="", gated=GATED,
                            loader=snippet + '\n<script src="/js/tag.js"></script>'),
        "pasted-csp.html": dict(lang="nl", title="Winkel", settings="Cookie-instellingen", head="", gated=GATED,
                                loader=snippet + '\n<script src="/js/tag.js"></script>'),
        # a single-page app: gated content that arrives after load (window.addLate() adds it)
        "late.html": dict(lang="nl", title="Later", settings="Cookie-instellingen", head="", gated=GATED + textwrap.dedent("""\
            <script>
            window.addLate = () => {
              const s = document.createElement('script');
              s.type = 'text/plain'; s.dataset.consentTier = 'analytics'; s.src = '/js/late.js';
              const f = document.createElement('iframe');
              f.dataset.consentTier = 'social'; f.dataset.src = '/frame.html'; f.title = 'Late video';
              f.width = 320; f.height = 240;
              document.querySelector('main').append(s, f);
            };
            </script>
            """)),
    }
    (folder / "sub").mkdir(exist_ok=True)
    for name, values in pages.items():
        (folder / name).write_text(PAGE.format(**{"skip": "", "loader": SYNC, **values}), encoding="utf-8")


class _Handler(http.server.SimpleHTTPRequestHandler):
    site: HostSite

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        if self.path.startswith("/csp.html"):
            self.send_header("Content-Security-Policy", CSP)
        if self.path.startswith("/pasted-csp.html"):
            self.send_header("Content-Security-Policy", CSP.replace("script-src 'self'", "script-src 'self' " + self.site.inline_hash))
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        self.site.requests.append(self.path)
        if self.path.endswith("/js/slow.js"):
            time.sleep(SLOW_SECONDS)
        super().do_GET()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.site.beacons.append(self.rfile.read(length))
        self.send_response(204)
        self.end_headers()


def serve_host_site(root: Path, variant: str = "full") -> Iterator[HostSite]:
    """Serve host pages with a freshly built consent.js on 127.0.0.1, of one of BANNER_SETTINGS."""
    folder = root / "site"
    folder.mkdir()
    site = HostSite(folder)
    handler = type("Handler", (_Handler,), {"site": site})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    site.url = f"http://127.0.0.1:{server.server_address[1]}/"
    content = root / "content" / "winkel"
    content.mkdir(parents=True)
    profile = SHOP_PROFILE + BANNER_SETTINGS[variant]
    (content / "v1.yaml").write_text(profile.format(base=site.url), encoding="utf-8")
    (root / "content" / "ander").mkdir()
    (root / "content" / "ander" / "v1.yaml").write_text(OTHER_PROFILE, encoding="utf-8")
    build(root / "content", root / "build")
    (folder / "consent.js").write_bytes((root / "build" / "winkel" / "consent.js").read_bytes())
    (folder / "other-consent.js").write_bytes((root / "build" / "ander" / "consent.js").read_bytes())
    site.snippet = embed_snippet(root / "build" / "winkel" / "embed.html")
    # published as the embed page says: the content-addressed files, each banner's and the settings
    # layer it loads from beside itself
    for org in ("winkel", "ander"):
        for path in (root / "build" / org).glob("consent*.*.js"):
            shutil.copy(path, folder / path.name)
    write_host_pages(folder, site.snippet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
