"""What a live site does, seen by Chromium: cookies, storage keys and requests to other sites, on the
start page and the same-site pages it links, in a fresh browser for each consent state.

States: no choice yet; no choice with Global Privacy Control on; and each tier chosen through the
privgen banner's own interface (window.privacyConsent.set), which is what its buttons call. Each
page is loaded until its load event (never waiting for the network to fall idle, which some pages
never do) and then given a moment for late scripts; a page and the whole run are bounded in time,
and what could not be visited is said. Nothing here judges what it sees: compare.py does.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from generator.errors import PrivgenError
from generator.printing.chromium import LAUNCH_FLAGS, chromium_executable
from generator.render.banner import banner_config, integrity

# The states, in the order they are visited; the level is the highest tier a state allows.
STATES = ("none", "gpc", "necessary", "analytics", "social")
LEVEL = {"none": 0, "gpc": 0, "necessary": 0, "analytics": 1, "social": 2}
CONSENT_SCRIPT = re.compile(r"/consent(?:\.[0-9a-f]{12})?\.js(?:$|\?)")
NOT_PAGES = re.compile(r"\.(?:xml|pdf|json|js|css|png|jpe?g|gif|svg|webp|ico|zip|docx?)$", re.IGNORECASE)
# Words of a consent request's buttons (Dutch and English), for banners other than privgen's
ACCEPT = re.compile(r"\b(?:accept\w*|akkoord|alles toestaan|allow all|agree|toestaan|ok(?:é|ay)?)\b", re.IGNORECASE)
REJECT = re.compile(r"\b(?:weiger\w*|reject\w*|decline|deny|afwijzen|niet akkoord|alleen (?:noodzakelijk|functioneel)\w*"
                    r"|(?:only )?necessary(?: only)?|essential only)\b", re.IGNORECASE)
_MISSING = ("privgen audit needs Chromium through Playwright: in privgen's folder, pip install -e '.[audit]', then "
            "python -m playwright install chromium, or set PRIVGEN_CHROMIUM to a chromium binary")

# In the page: a consent request that is not privgen's — a visible element that speaks of cookies
# and holds buttons — and the words of its buttons.
_OTHER_BANNER = """() => {
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const boxes = [...document.querySelectorAll('body *')].filter((el) =>
    /cookie/i.test(el.textContent || '') && el.querySelector('button, [role=button], a') && visible(el)
    && el.textContent.length < 3000);
  const box = boxes.find((el) => !boxes.some((other) => other !== el && el.contains(other)));
  if (!box) return null;
  return [...box.querySelectorAll('button, [role=button], a')].filter(visible).map((b) => b.textContent.trim());
}"""
_PRIVGEN_LAYER = """() => {
  const host = document.querySelector('privacy-consent');
  const layer = host && host.shadowRoot && host.shadowRoot.querySelector('.banner');
  if (!layer || layer.hidden) return null;
  return [...layer.querySelectorAll('button')].map((b) => b.textContent.trim());
}"""
_STORAGE = """() => { const keys = (s) => { try { return Object.keys(s); } catch (e) { return []; } };
  return [keys(localStorage), keys(sessionStorage)]; }"""
_GPC = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });"


@dataclass(frozen=True)
class SeenCookie:
    name: str
    domain: str
    path: str
    expires: float | None  # seconds since the epoch; None for a session cookie
    first_party: bool


@dataclass(frozen=True)
class Visit:
    """One page in one state: what appeared while it was open."""

    state: str
    url: str
    cookies: tuple[SeenCookie, ...]
    storage: tuple[tuple[str, str], ...]  # ("local" or "session", key)
    requests: tuple[str, ...]  # URLs on other sites
    links: tuple[str, ...]  # every link's address, resolved


@dataclass(frozen=True)
class Banner:
    """The consent request as seen on the start page with no choice made."""

    kind: str  # "privgen", "other", "none", or "unseen" when the start page could not be visited
    buttons: tuple[str, ...] = ()  # the first layer's buttons
    config: dict[str, Any] | None = None  # privgen's consent.js configuration
    script: str = ""  # its address
    # where privgen's consent.js names a settings layer: its address, and what is wrong with it as the
    # site serves it ("" when it loads as the banner expects; see compare.SETTINGS_PROBLEMS)
    settings: str = ""
    settings_problem: str = ""


@dataclass(frozen=True)
class Observations:
    start: str
    pages: tuple[str, ...]
    visits: tuple[Visit, ...]
    banner: Banner
    at: float  # when the cookies were read, for their remaining lifetime
    remembered: dict[str, bool] = field(default_factory=dict)  # state → its choice held after a reload
    after_withdrawal: tuple[SeenCookie | tuple[str, str], ...] = ()  # what stayed after going back to necessary
    unvisited: tuple[tuple[str, str, str, str], ...] = ()  # (state, URL, reason, detail): see compare.REASONS


def same_site(url: str, start: str) -> bool:
    """The same host as the start page, or its www. twin."""
    def host(address: str) -> str:
        name = (urlsplit(address).hostname or "").lower()
        return name[4:] if name.startswith("www.") else name
    return host(url) == host(start)


def observe(start: str, pages: int = 5, page_seconds: float = 20, total_seconds: float = 300,
            settle_seconds: float = 1.0, ignore_https_errors: bool = False) -> Observations:
    """Visit start and up to `pages` same-site pages it links in every state, within the bounds;
    ignore_https_errors for a staging site whose certificate no browser would trust."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise PrivgenError(_MISSING) from exc
    deadline = time.monotonic() + total_seconds
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=chromium_executable(), args=LAUNCH_FLAGS)
        except PlaywrightError as exc:
            raise PrivgenError(f"{_MISSING} ({str(exc).splitlines()[0]})") from exc
        try:
            return _Run(browser, start, pages, page_seconds, settle_seconds, deadline,
                        ignore_https_errors).observations()
        finally:
            browser.close()


class _Run:
    def __init__(self, browser: Any, start: str, pages: int, page_seconds: float, settle_seconds: float,
                 deadline: float, ignore_https_errors: bool = False) -> None:
        self.browser, self.start, self.limit = browser, start, pages
        self.ignore_https_errors = ignore_https_errors
        self.page_ms, self.settle_ms, self.deadline = page_seconds * 1000, settle_seconds * 1000, deadline
        self.visits: list[Visit] = []
        self.unvisited: list[tuple[str, str, str, str]] = []
        self.remembered: dict[str, bool] = {}
        self.after_withdrawal: tuple[SeenCookie | tuple[str, str], ...] = ()
        self.banner = Banner("unseen")
        self.pages: list[str] = [start]
        self.dropped = ""
        self.start_failed = False  # the start page could not be loaded: nothing is known of its banner

    def observations(self) -> Observations:
        for state in STATES:
            if state in ("necessary", "analytics", "social") and self.banner.kind != "privgen":
                reason = "no_banner" if self.banner.kind != "unseen" else "no_start" if self.start_failed else "time"
                self.unvisited.append((state, self.pages[0], reason, ""))
                continue
            self._state(state)
        return Observations(self.start, tuple(self.pages), tuple(self.visits), self.banner, time.time(),
                            self.remembered, self.after_withdrawal, tuple(self.unvisited))

    def _state(self, state: str) -> None:
        context = self.browser.new_context(ignore_https_errors=self.ignore_https_errors,
                                           **({"extra_http_headers": {"Sec-GPC": "1"}} if state == "gpc" else {}))
        if state == "gpc":
            context.add_init_script(_GPC)
        try:
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            seen: set[tuple[str, str, str]] = set()
            number = 0
            while number < len(self.pages):  # the start page's visit adds the pages it links
                url = self.pages[number]
                if time.monotonic() > self.deadline:
                    self.unvisited.extend((state, left, "time", "") for left in self.pages[number:])
                    break
                requests.clear()  # each visit sees its own
                choose = None if state in ("none", "gpc") or number else state
                visit = self._visit(context, page, state, url, requests, seen, choose)
                if state == "none" and number == 0:
                    self._discover(page, visit)
                if visit is not None:
                    self.visits.append(visit)
                if self.dropped != url:  # else it was no page (a feed, a file): the next one took its place
                    number += 1
            if state == "none" and self.banner.kind == "other":
                self.remembered["none"] = self._other_banner_remembers(page)
            if state == "social" and self.banner.kind == "privgen":
                self.after_withdrawal = self._withdraw(context, page)
        finally:
            context.close()

    def _visit(self, context: Any, page: Any, state: str, url: str, requests: list[str],
               seen: set[tuple[str, str, str]], choose: str | None) -> Visit | None:
        try:
            response = page.goto(url, wait_until="load", timeout=self.page_ms)
        except Exception as exc:  # noqa: BLE001 - a timeout, a refused connection: said, not fatal
            if "Timeout" not in type(exc).__name__:
                self.unvisited.append((state, url, "error", str(exc).splitlines()[0]))
                return None
            # a page that never finishes loading is audited as far as it got, and said so
            self.unvisited.append((state, url, "unfinished", f"{self.page_ms / 1000:g}"))
            response = None
        kind = (response.headers.get("content-type") or "html") if response is not None else "html"
        if "html" not in kind:
            if url in self.pages[1:]:
                self.pages.remove(url)
                self.dropped = url
            else:
                self.unvisited.append((state, url, "error", f"not a web page but {kind}"))
            return None
        page.wait_for_timeout(self.settle_ms)
        if choose is not None:
            page.evaluate("(tier) => window.privacyConsent && window.privacyConsent.set(tier)", choose)
            page.wait_for_timeout(self.settle_ms)
            visit = self._record(context, page, state, url, requests, seen)
            try:
                page.reload(wait_until="load", timeout=self.page_ms)
            except Exception:  # noqa: BLE001 - as slow as the first load: said there already
                pass
            page.wait_for_timeout(self.settle_ms)
            held = page.evaluate("() => window.privacyConsent && window.privacyConsent.get()")
            self.remembered[state] = bool(held) and held.get("tier") == choose and page.evaluate(_PRIVGEN_LAYER) is None
            return _merge(visit, self._record(context, page, state, url, requests, seen))
        return self._record(context, page, state, url, requests, seen)

    def _record(self, context: Any, page: Any, state: str, url: str, requests: list[str],
                seen: set[tuple[str, str, str]]) -> Visit:
        cookies = []
        for cookie in context.cookies():
            key = (cookie["name"], cookie["domain"], cookie["path"])
            if key in seen:
                continue
            seen.add(key)
            expires = cookie.get("expires", -1)
            cookies.append(SeenCookie(cookie["name"], cookie["domain"], cookie["path"],
                                      None if expires is None or expires < 0 else float(expires),
                                      same_site("http://" + cookie["domain"].lstrip(".") + "/", self.start)))
        try:
            local, session = page.evaluate(_STORAGE)
            # the page's own links: not the banner's, in its shadow root (Playwright's selectors would pierce it)
            links = page.evaluate("() => [...document.querySelectorAll('a[href]')].map((a) => a.href)")
        except Exception:  # noqa: BLE001 - a page that navigated away meanwhile
            local, session, links = [], [], []
        storage = tuple([("local", k) for k in local] + [("session", k) for k in session])
        others = tuple(dict.fromkeys(r for r in requests if r.startswith("http") and not same_site(r, self.start)))
        return Visit(state, page.url or url, tuple(cookies), storage, others, tuple(links))

    def _discover(self, page: Any, visit: Visit | None) -> None:
        """From the start page with no choice: the pages to visit, and the consent request."""
        if visit is None:  # not loaded (said already): an error page has no banner to judge
            self.start_failed = True
            return
        if not same_site(visit.url, self.start):
            self.unvisited.append(("none", visit.url, "other_site", ""))
        elif visit.url != self.start:  # redirected: the page it arrived at is the one audited
            self.pages[0] = visit.url
        for link in visit.links:
            address = urldefrag(link).url
            if (len(self.pages) <= self.limit and address.startswith("http") and same_site(address, self.start)
                    and not NOT_PAGES.search(urlsplit(address).path) and address not in self.pages
                    and address != visit.url):
                self.pages.append(address)
        buttons = page.evaluate(_PRIVGEN_LAYER)
        scripts = [src for src in page.evaluate("() => [...document.scripts].map((s) => s.src)")
                   if CONSENT_SCRIPT.search(src)]
        config = None
        for src in scripts:
            try:
                config = banner_config(page.context.request.get(src, timeout=self.page_ms).text())
            except Exception:  # noqa: BLE001 - unreachable script: no configuration to read
                config = None
            if config is not None:
                self.banner = Banner("privgen", tuple(buttons or ()), config, src,
                                     *self._settings_layer(page, config, src))
                return
        other = page.evaluate(_OTHER_BANNER)
        self.banner = Banner("other", tuple(other)) if other else Banner("none")

    def _settings_layer(self, page: Any, config: dict[str, Any], script: str) -> tuple[str, str]:
        """The second file a privgen banner loads (its settings dialog and placeholders), fetched as
        the banner would: its address, and "missing" (not served), "changed" (its bytes do not match
        the integrity hash the banner checks) or "" (as expected). A banner from before the second
        file names none: ("", "")."""
        name, expected = config.get("settings"), config.get("integrity")
        if not isinstance(name, str) or not name:
            return "", ""
        address = resolve(name, script)
        try:
            response = page.context.request.get(address, timeout=self.page_ms)
        except Exception:  # noqa: BLE001 - not reachable: the banner cannot load it either
            return address, "missing"
        if not response.ok:
            return address, "missing"
        return address, "" if integrity(response.body()) == expected else "changed"

    def _other_banner_remembers(self, page: Any) -> bool:
        """Accept in a banner that is not privgen's, reload: is the request gone?"""
        accept = page.get_by_role("button", name=ACCEPT).or_(page.get_by_role("link", name=ACCEPT)).first
        try:
            accept.click(timeout=self.page_ms)
            page.reload(wait_until="load", timeout=self.page_ms)
            page.wait_for_timeout(self.settle_ms)
        except Exception:  # noqa: BLE001 - no button to accept with: nothing to remember
            return True
        return page.evaluate(_OTHER_BANNER) is None

    def _withdraw(self, context: Any, page: Any) -> tuple[SeenCookie | tuple[str, str], ...]:
        """After everything was allowed: back to necessary only, as a visitor withdraws consent."""
        try:
            try:
                page.goto(self.pages[0], wait_until="load", timeout=self.page_ms)
            except Exception as exc:  # noqa: BLE001 - a page slow to finish still has its banner
                if "Timeout" not in type(exc).__name__:
                    raise
            page.wait_for_timeout(self.settle_ms)
            page.evaluate("() => window.privacyConsent.set('necessary')")
            page.wait_for_timeout(self.settle_ms)
            local, _ = page.evaluate(_STORAGE)
        except Exception as exc:  # noqa: BLE001
            self.unvisited.append(("social", self.pages[0], "withdrawal", str(exc).splitlines()[0]))
            return ()
        cookies = tuple(SeenCookie(c["name"], c["domain"], c["path"], None, True) for c in context.cookies()
                        if same_site("http://" + c["domain"].lstrip(".") + "/", self.start))
        return cookies + tuple(("local", key) for key in local)


def _merge(first: Visit, second: Visit) -> Visit:
    return Visit(first.state, first.url, first.cookies + second.cookies,
                 tuple(dict.fromkeys(first.storage + second.storage)),
                 tuple(dict.fromkeys(first.requests + second.requests)), first.links)


def resolve(address: str, base: str) -> str:
    return urldefrag(urljoin(base, address)).url

