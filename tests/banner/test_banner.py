"""The consent banner in a real Chromium, on host pages served over http on 127.0.0.1."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.banner.banner_page import Banner
from tests.banner.host_site import SLOW_SECONDS, HostSite
from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser

GPC_ON = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true});"
COOKIES_BLOCKED = """
Object.defineProperty(Document.prototype, 'cookie', {
  get() { throw new DOMException('blocked', 'SecurityError'); },
  set(v) { throw new DOMException('blocked', 'SecurityError'); },
});"""


def cookie_names(context: BrowserContext) -> list[str]:
    return sorted(c["name"] for c in context.cookies())


def consent_cookie(context: BrowserContext) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "privacy_consent")


def set_consent_cookie(context: BrowserContext, site: HostSite, value: str) -> None:
    context.add_cookies([{"name": "privacy_consent", "value": value, "url": site.url}])


def revision(page: Page, site: HostSite) -> str:
    page.goto(site.url + "index.html")
    Banner(page).accept_all()
    return consent_cookie(page.context).split(".")[2]


def test_nothing_before_a_choice(page: Page, site: HostSite) -> None:
    page.goto(site.url + "index.html")
    banner = Banner(page)
    expect(banner.region).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert banner.ran() == []
    assert not any(site.requested(n) for n in ("analytics.js", "social.js", "analytics-late.js", "frame.html"))
    assert banner.stored() is None


def test_first_layer_offers_three_equal_buttons(page: Page, site: HostSite) -> None:
    page.goto(site.url + "index.html")
    banner = Banner(page)
    boxes = [banner.button(key).bounding_box() for key in ("accept", "necessary", "settings")]
    assert len({(round(b["width"]), round(b["height"])) for b in boxes if b}) == 1
    styles = [banner.button(key).evaluate(
        "b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color, getComputedStyle(b).fontWeight]")
        for key in ("accept", "necessary", "settings")]
    assert styles[0] == styles[1] == styles[2]


@pytest.mark.parametrize("path", ["index.html", "async.html"])
def test_accept_all_runs_everything_once_in_document_order(page: Page, site: HostSite, path: str) -> None:
    page.goto(site.url + path)
    banner = Banner(page)
    banner.accept_all()
    assert banner.wait_ran(3) == ["analytics", "social", "analytics-late"]
    expect(page.frame_locator("iframe[title=Video]").get_by_text("video")).to_be_visible()
    expect(banner.region).to_be_hidden()
    assert consent_cookie(page.context).startswith("1.2.")
    page.evaluate("window.privacyConsent.set('social')")  # choosing again runs nothing twice
    page.wait_for_timeout(200)
    assert banner.ran() == ["analytics", "social", "analytics-late"]


def test_necessary_only_runs_nothing_and_shows_a_placeholder(page: Page, site: HostSite) -> None:
    page.goto(site.url + "index.html")
    banner = Banner(page)
    banner.necessary_only()
    page.wait_for_timeout(300)
    assert banner.ran() == []
    assert cookie_names(page.context) == ["privacy_consent"]
    assert not site.requested("frame.html")
    placeholder = page.get_by_role("group", name="Video")
    expect(placeholder.get_by_role("button", name="Cookies kiezen")).to_be_visible()
    # in the iframe's place and size, naming whose content it is and what allowing it means
    expect(placeholder).to_contain_text("Inhoud van 127.0.0.1: alleen te zien met uw toestemming voor cookies van "
                                        "het niveau social media, die de niveaus ervoor omvat.")
    box = placeholder.bounding_box()
    assert box is not None and abs(box["width"] / box["height"] - 16 / 9) < 0.02


@pytest.mark.parametrize(("tier", "expected"), [
    ("necessary", []),
    ("analytics", ["analytics", "analytics-late"]),
    ("social", ["analytics", "social", "analytics-late"]),
])
def test_each_tier_through_settings(page: Page, site: HostSite, tier: str, expected: list[str]) -> None:
    page.goto(site.url + "index.html")
    banner = Banner(page)
    banner.open_settings()
    expect(banner.dialog.get_by_role("radio", name="strikt noodzakelijk")).to_be_checked()  # nothing pre-ticked above
    banner.choose_in_settings(tier)
    if expected:
        banner.wait_ran(len(expected))
    page.wait_for_timeout(200)
    assert banner.ran() == expected
    assert banner.stored()["tier"] == tier  # type: ignore[index]
    assert site.requested("frame.html") == (tier == "social")


def test_placeholder_button_opens_the_choice_and_grants_nothing_unseen(page: Page, site: HostSite) -> None:
    page.goto(site.url + "index.html")
    banner = Banner(page)
    banner.necessary_only()
    page.get_by_role("group", name="Video").get_by_role("button", name="Cookies kiezen").click()
    expect(banner.dialog).to_be_visible()
    expect(banner.dialog.get_by_role("radio", name="social media")).to_be_checked()
    assert banner.stored()["tier"] == "necessary"  # type: ignore[index]  # nothing granted yet
    banner.dialog.get_by_role("button", name="Keuze opslaan").click()
    expect(page.frame_locator("iframe[title=Video]").get_by_text("video")).to_be_visible()
    assert banner.stored()["tier"] == "social"  # type: ignore[index]


def test_choice_persists_across_reload_and_navigation(page: Page, site: HostSite) -> None:
    page.goto(site.url + "index.html")
    banner = Banner(page)
    banner.open_settings()
    banner.choose_in_settings("analytics")
    page.reload()
    expect(banner.region).to_be_hidden()
    assert banner.wait_ran(2) == ["analytics", "analytics-late"]
    page.get_by_role("link", name="Page 2").click()
    page.wait_for_url("**/page2.html")
    assert banner.wait_ran(2) == ["analytics", "analytics-late"]
    expect(banner.region).to_be_hidden()


def test_lowering_the_tier_deletes_higher_cookies_and_stops_scripts(page: Page, site: HostSite) -> None:
    page.goto(site.url + "index.html")
    banner = Banner(page)
    banner.accept_all()
    banner.wait_ran(3)
    assert {"_stats_id", "share_pref"} <= set(cookie_names(page.context))
    banner.reopen()
    expect(banner.dialog.get_by_role("radio", name="social media")).to_be_checked()
    events: list[Any] = []
    page.expose_function("record", lambda detail: events.append(detail))
    page.evaluate("addEventListener('privacy-consent', e => window.record(e.detail))")
    banner.choose_in_settings("analytics")
    assert "share_pref" not in cookie_names(page.context)
    assert "_stats_id" in cookie_names(page.context)
    banner.reopen()
    banner.choose_in_settings("necessary")
    assert cookie_names(page.context) == ["privacy_consent"]
    assert events == [{"tier": "analytics", "previous": "social"}, {"tier": "necessary", "previous": "analytics"}]
    page.reload()
    page.wait_for_timeout(300)
    assert banner.ran() == []


@pytest.mark.parametrize("case", ["other revision", "expired", "garbage", "tier out of range", "future"])
def test_invalid_stored_consent_asks_again(page: Page, site: HostSite, case: str) -> None:
    good = revision(page, site)
    page.context.clear_cookies()
    now = int(time.time() * 1000)
    thirteen_months = 395 * 24 * 3600 * 1000
    values = {
        "other revision": f"1.2.deadbeef.{now}.{'a' * 32}" if good != "deadbeef" else f"1.2.00000000.{now}.{'a' * 32}",
        "expired": f"1.2.{good}.{now - thirteen_months}.{'a' * 32}",
        "garbage": "<script>alert(1)</script>",
        "tier out of range": f"1.7.{good}.{now}.{'a' * 32}",
        "future": f"1.2.{good}.{now + thirteen_months}.{'a' * 32}",
    }
    set_consent_cookie(page.context, site, values[case])
    page.goto(site.url + "page2.html")
    banner = Banner(page)
    expect(banner.region).to_be_visible()
    page.wait_for_timeout(300)
    assert banner.ran() == []
    assert banner.stored() is None


def test_valid_stored_consent_is_honoured(page: Page, site: HostSite) -> None:
    good = revision(page, site)
    page.context.clear_cookies()
    set_consent_cookie(page.context, site, f"1.1.{good}.{int(time.time() * 1000)}.{'b' * 32}")
    page.goto(site.url + "page2.html")
    banner = Banner(page)
    expect(banner.region).to_be_hidden()
    assert banner.wait_ran(2) == ["analytics", "analytics-late"]
    assert banner.stored()["id"] == "b" * 32  # type: ignore[index]


def test_global_privacy_control_is_honoured_until_the_visitor_chooses(page: Page, site: HostSite) -> None:
    page.add_init_script(GPC_ON)
    page.goto(site.url + "index.html")
    banner = Banner(page)
    expect(banner.region.get_by_text("Global Privacy Control")).to_be_visible()
    page.wait_for_timeout(300)
    assert banner.ran() == []
    banner.accept_all()  # an explicit choice for more
    assert banner.wait_ran(3) == ["analytics", "social", "analytics-late"]


CONSENT_DEFAULT = ["consent", "default", {
    "security_storage": "granted", "functionality_storage": "granted", "analytics_storage": "denied",
    "ad_storage": "denied", "ad_user_data": "denied", "ad_personalization": "denied",
    "personalization_storage": "denied", "wait_for_update": 500}]
ANALYTICS_UPDATE = ["consent", "update", {
    "security_storage": "granted", "functionality_storage": "granted", "analytics_storage": "granted",
    "ad_storage": "denied", "ad_user_data": "denied", "ad_personalization": "denied",
    "personalization_storage": "denied"}]
LAYER = "window.dataLayer.map(e => e.event || Array.from(e))"


@pytest.mark.parametrize("host_site", ["full", "consent-mode"], indirect=True)
def test_consent_mode_default_before_tags_and_update_on_choice_and_load(page: Page, site: HostSite) -> None:
    # the banner loaded synchronously, first in the head, as earlier embed pages gave it: it sets
    # the defaults itself, and with a returning visitor's update before any tag, so none waits
    page.goto(site.url + "index.html")
    layer = page.evaluate(LAYER)
    default = ["consent", "default", {k: v for k, v in CONSENT_DEFAULT[2].items() if k != "wait_for_update"}]  # type: ignore[union-attr]
    update = ANALYTICS_UPDATE
    assert layer == [default, "tag-loaded"]
    Banner(page).open_settings()
    Banner(page).choose_in_settings("analytics")
    assert page.evaluate("Array.from(window.dataLayer.at(-1))") == update
    page.reload()
    layer = page.evaluate(LAYER)
    assert layer == [default, update, "tag-loaded"]
    page.evaluate("window.privacyConsent.set('social')")
    assert page.evaluate("Array.from(window.dataLayer.at(-1))")[2] == {
        "security_storage": "granted", "functionality_storage": "granted", "analytics_storage": "granted",
        "ad_storage": "granted", "ad_user_data": "granted", "ad_personalization": "granted",
        "personalization_storage": "granted"}


@pytest.mark.parametrize("path", ["pasted.html", "pasted-csp.html"])
@pytest.mark.parametrize("host_site", ["full", "consent-mode"], indirect=True)
def test_consent_mode_snippet_sets_the_defaults_inline_and_the_banner_loads_async(page: Page, site: HostSite,
                                                                                  path: str) -> None:
    # the embed page's snippet: Consent Mode's defaults inline, then the banner async
    assert site.snippet.startswith("<script>window.dataLayer=") and '\n<script async src="consent.' in site.snippet
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(site.url + path)
    page.wait_for_function("window.privacyConsent")
    # one default, set before Google's tag; the banner, there now, sets none of its own
    assert page.evaluate(LAYER) == [CONSENT_DEFAULT, "tag-loaded"]
    Banner(page).open_settings()
    Banner(page).choose_in_settings("analytics")
    assert page.evaluate("Array.from(window.dataLayer.at(-1))") == ANALYTICS_UPDATE
    # a returning visitor: the tag may run before the banner has arrived, and waits for its update
    page.reload()
    page.wait_for_function("window.privacyConsent")
    layer = page.evaluate(LAYER)
    assert layer[0] == CONSENT_DEFAULT and sorted(layer[1:], key=str) == sorted([ANALYTICS_UPDATE, "tag-loaded"], key=str)
    assert blocked == []  # under the strict CSP too: the inline defaults are allowed by their hash


def test_keyboard_only_focus_trap_escape_and_restore(page: Page, site: HostSite) -> None:
    page.goto(site.url + "index.html")
    banner = Banner(page)
    page.keyboard.press("Tab")
    expect(banner.region.get_by_role("link", name="Lees onze privacyverklaring")).to_be_focused()
    page.keyboard.press("Tab")
    expect(banner.button("accept")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(banner.button("settings")).to_be_focused()
    page.keyboard.press("Enter")
    expect(banner.dialog).to_be_visible()
    expect(banner.dialog.get_by_role("radio", name="strikt noodzakelijk")).to_be_focused()
    for _ in range(8):  # Tab and Shift+Tab never leave the dialog
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.tagName") == "PRIVACY-CONSENT"
    for _ in range(8):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.tagName") == "PRIVACY-CONSENT"
    page.keyboard.press("Escape")
    expect(banner.dialog).to_be_hidden()
    expect(banner.button("settings")).to_be_focused()
    assert banner.stored() is None  # closing is no consent
    banner.open_settings()
    page.keyboard.press("ArrowDown")  # radio group: arrows move the choice
    expect(banner.dialog.get_by_role("radio", name="analyse")).to_be_checked()
    banner.dialog.get_by_role("button", name="Keuze opslaan").focus()
    page.keyboard.press("Enter")
    assert banner.stored()["tier"] == "analytics"  # type: ignore[index]
    # the choice confirms itself, politely, and holds the focus the hidden banner had
    status = page.get_by_role("status")
    expect(status).to_have_text("Opgeslagen: analyse. U kunt dit altijd wijzigen in de cookie-instellingen.")
    expect(status).to_be_focused()
    page.keyboard.press("Tab")
    expect(status).to_be_hidden()


def test_close_button_and_clicking_elsewhere_grant_nothing(page: Page, site: HostSite) -> None:
    page.goto(site.url + "index.html")
    banner = Banner(page)
    banner.open_settings()
    banner.dialog.get_by_role("button", name="Sluiten").click()
    expect(banner.dialog).to_be_hidden()
    page.get_by_role("heading", name="Winkel").click()
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(200)
    assert banner.stored() is None and banner.ran() == []
    expect(banner.region).to_be_visible()


@pytest.mark.parametrize("width", [320, 640])
def test_small_viewport_and_zoom(page: Page, site: HostSite, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 568})
    page.goto(site.url + "index.html")
    banner = Banner(page)
    for key in ("accept", "necessary", "settings"):
        expect(banner.button(key)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    banner.open_settings()
    save = banner.dialog.get_by_role("button", name="Keuze opslaan")
    save.scroll_into_view_if_needed()
    expect(save).to_be_in_viewport()


def test_axe_with_first_layer_and_with_settings_open(page: Page, site: HostSite) -> None:
    page.goto(site.url + "index.html")
    banner = Banner(page)
    expect(banner.region).to_be_visible()
    assert axe_violations(page) == []
    banner.open_settings()
    assert axe_violations(page) == []
    page.emulate_media(color_scheme="dark")
    assert axe_violations(page) == []


def test_strict_csp_page_has_no_console_errors(page: Page, site: HostSite) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(site.url + "csp.html")
    assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    banner = Banner(page)
    expect(banner.region).to_be_visible()
    assert banner.button("accept").evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(11, 92, 173)"
    # the second file runs under script-src 'self' and its styles apply under style-src 'self'
    placeholder = page.get_by_role("group", name="Video")
    expect(placeholder).to_be_visible()
    assert placeholder.evaluate("g => getComputedStyle(g.shadowRoot.querySelector('.placeholder')).borderTopStyle") \
        == "dashed"
    banner.open_settings()
    assert banner.dialog.evaluate("d => getComputedStyle(d).borderTopColor") == "rgb(11, 92, 173)"
    banner.dialog.get_by_role("button", name=banner.names["close"]).click()
    banner.accept_all()
    assert banner.wait_ran(3) == ["analytics", "social", "analytics-late"]
    assert errors == []


def test_aggressive_host_css_does_not_break_the_banner(page: Page, site: HostSite) -> None:
    page.goto(site.url + "aggressive.html")
    banner = Banner(page)
    expect(banner.region).to_be_visible()
    box = banner.button("accept").bounding_box()
    assert box and box["width"] > 100 and box["height"] >= 44 and box["x"] >= 0
    assert banner.button("accept").evaluate("b => getComputedStyle(b).fontFamily").startswith("system-ui")
    banner.accept_all()
    assert banner.wait_ran(3) == ["analytics", "social", "analytics-late"]


def test_english_host_page_gets_english_banner(page: Page, site: HostSite) -> None:
    page.goto(site.url + "en.html")
    banner = Banner(page, "en")
    expect(banner.region).to_be_visible()
    expect(banner.region).to_contain_text("Besides strictly necessary cookies, we use analytics cookies (Winkel BV) "
                                          "and social media cookies (Winkel BV and YouTube) only with your consent.")
    banner.open_settings()
    expect(banner.dialog.get_by_text("Lets us see how visitors use the website.")).to_be_visible()
    banner.choose_in_settings("analytics")
    assert banner.wait_ran(2) == ["analytics", "analytics-late"]


def test_inline_gated_script_runs_in_order(page: Page, site: HostSite) -> None:
    page.goto(site.url + "inline.html")
    Banner(page).accept_all()
    assert Banner(page).wait_ran(4) == ["analytics", "social", "analytics-late", "social-inline"]


@pytest.mark.parametrize("host_site", ["lean"], indirect=True)
def test_the_lean_banner_leaves_consent_mode_and_the_log_alone(page: Page, site: HostSite) -> None:
    script = (site.folder / "consent.js").read_text(encoding="utf-8")
    assert "sendBeacon" not in script and "gtag" not in script  # the lean file, which such a profile gets
    page.goto(site.url + "index.html")
    Banner(page).accept_all()
    page.evaluate("window.privacyConsent.set('necessary')")
    assert page.evaluate(LAYER) == ["tag-loaded"]
    page.wait_for_timeout(300)
    assert site.beacons == []


@pytest.mark.parametrize("host_site", ["full", "log"], indirect=True)
def test_consent_log_receives_each_choice(page: Page, site: HostSite) -> None:
    page.goto(site.url + "index.html")
    banner = Banner(page)
    banner.accept_all()
    deadline = time.time() + 5
    while not site.beacons and time.time() < deadline:
        time.sleep(0.05)
    record = json.loads(site.beacons[0])
    stored = banner.stored()
    # what proof of consent asks for (GDPR Art. 7(1)), and no address or other identifier of the visitor
    assert record == {"id": stored["id"], "action": "accept_all", "tier": "social",  # type: ignore[index]
                      "purposes": ["necessary", "analytics", "social"], "revision": stored["revision"],  # type: ignore[index]
                      "version": "v1", "language": "nl", "gpc": False,
                      "timestamp": stored["timestamp"]}  # type: ignore[index]
    banner.reopen()
    banner.choose_in_settings("analytics")
    deadline = time.time() + 5
    while len(site.beacons) < 2 and time.time() < deadline:
        time.sleep(0.05)
    withdrawal = json.loads(site.beacons[1])
    assert (withdrawal["action"], withdrawal["tier"], withdrawal["purposes"], withdrawal["id"]) == (
        "withdrawal", "analytics", ["necessary", "analytics"], record["id"])


def test_api_get_set_reset_and_events(page: Page, site: HostSite) -> None:
    page.goto(site.url + "index.html")
    events: list[Any] = []
    page.expose_function("record", lambda detail: events.append(detail))
    page.evaluate("addEventListener('privacy-consent', e => window.record(e.detail))")
    assert page.evaluate("privacyConsent.get()") is None
    page.evaluate("privacyConsent.set('analytics')")
    got = page.evaluate("privacyConsent.get()")
    assert set(got) == {"tier", "revision", "timestamp", "id"} and got["tier"] == "analytics"
    assert page.evaluate("() => { try { privacyConsent.set('everything'); } catch (e) { return e.message; } }") == \
        "privacyConsent: unknown tier everything"
    page.evaluate("privacyConsent.reset()")
    assert page.evaluate("privacyConsent.get()") is None
    assert "privacy_consent" not in cookie_names(page.context)
    expect(Banner(page).region).to_be_visible()
    page.evaluate("privacyConsent.open()")
    expect(Banner(page).dialog).to_be_visible()
    assert events == [{"tier": "analytics", "previous": None}, {"tier": None, "previous": "analytics"}]


def test_blocked_cookies_still_work_for_the_page_view(page: Page, site: HostSite) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(COOKIES_BLOCKED)
    page.goto(site.url + "index.html")
    banner = Banner(page)
    expect(banner.region).to_be_visible()
    assert errors == []
    banner.button("accept").click()
    assert banner.stored()["tier"] == "social"  # type: ignore[index]
    assert banner.wait_ran(3) == ["analytics", "social", "analytics-late"]
    # Only the host page's own scripts, which write cookies themselves, may fail.
    assert all("blocked" in e for e in errors)


def test_reduced_motion_has_no_animation(page: Page, site: HostSite) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.goto(site.url + "index.html")
    durations = Banner(page).button("accept").evaluate(
        "b => [getComputedStyle(b).transitionDuration, getComputedStyle(b).animationName]")
    assert durations == ["0s", "none"]


def test_cookie_is_secure_on_https(page: Page, site: HostSite) -> None:
    # Pages on an https origin, answered by Playwright's router: nothing leaves this machine.
    origin = "https://winkel.test/"

    def answer(route: Any) -> None:
        path = route.request.url.removeprefix(origin).split("?")[0] or "index.html"
        target = site.folder / path
        if not target.is_file():
            route.fulfill(status=404, body="")
            return
        kind = {"html": "text/html", "js": "text/javascript"}.get(target.suffix.lstrip("."), "text/plain")
        route.fulfill(status=200, body=target.read_bytes(), content_type=kind)

    page.route(f"{origin}**", answer)
    page.goto(origin + "index.html")
    Banner(page).necessary_only()
    cookie = next(c for c in page.context.cookies(origin) if c["name"] == "privacy_consent")
    assert (cookie["secure"], cookie["sameSite"], cookie["path"]) == (True, "Lax", "/")
    assert 364 * 86400 < cookie["expires"] - time.time() <= 365 * 86400


def test_a_page_that_replaces_built_ins_cannot_run_gated_scripts_before_a_choice(page: Page, site: HostSite) -> None:
    page.goto(site.url + "hostile.html")
    banner = Banner(page)
    expect(banner.region).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert banner.ran() == []
    assert not any(site.requested(n) for n in ("analytics.js", "social.js", "analytics-late.js", "frame.html"))
    assert page.context.cookies() == []


def one_banner_on(page: Page, site: HostSite, path: str) -> tuple[Banner, list[str]]:
    """The page at path, with one banner on it; and the warnings its console showed."""
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.goto(site.url + path)
    banner = Banner(page)
    expect(banner.region).to_have_count(1)
    assert page.locator("privacy-consent").count() == 1
    return banner, warnings


def test_the_banner_included_twice_shows_once(page: Page, site: HostSite) -> None:
    banner, warnings = one_banner_on(page, site, "twice.html")
    banner.accept_all()
    assert banner.wait_ran(3) == ["analytics", "social", "analytics-late"]  # each once
    assert warnings == ["privacyConsent: already loaded"]


def test_a_second_organisations_banner_on_the_page_stands_aside(page: Page, site: HostSite) -> None:
    banner, warnings = one_banner_on(page, site, "two-organisations.html")
    banner.open_settings()  # the shop's banner, with the shop's cookies
    expect(banner.dialog.get_by_text("_other (Ander BV, eigen cookie)")).to_have_count(0)
    expect(banner.dialog.get_by_text("share_pref (Winkel BV, eigen cookie)")).to_be_visible()
    assert warnings == ["privacyConsent: already loaded"]


def test_without_constructable_stylesheets_the_banner_is_still_styled(page: Page, site: HostSite) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script("delete ShadowRoot.prototype.adoptedStyleSheets; delete Document.prototype.adoptedStyleSheets;")
    page.goto(site.url + "index.html")
    banner = Banner(page)
    expect(banner.region).to_be_visible()
    assert banner.button("accept").evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(11, 92, 173)"
    assert page.evaluate("document.querySelector('privacy-consent').shadowRoot.querySelector('style') !== null")
    assert errors == []


def test_a_cookie_on_a_longer_path_does_not_override_the_choice_just_made(page: Page, site: HostSite) -> None:
    good = revision(page, site)
    page.context.clear_cookies()
    an_hour_ago = int(time.time() * 1000) - 3600 * 1000
    page.context.add_cookies([{"name": "privacy_consent", "value": f"1.0.{good}.{an_hour_ago}.{'c' * 32}",
                               "domain": "127.0.0.1", "path": "/sub"}])
    page.goto(site.url + "sub/index.html")
    banner = Banner(page)
    expect(banner.region).to_be_hidden()  # the older choice: necessary only
    banner.reopen()
    banner.choose_in_settings("social")
    page.reload()
    assert banner.wait_ran(3) == ["analytics", "social", "analytics-late"]
    assert banner.stored()["tier"] == "social"  # type: ignore[index]


def test_printing_the_page_never_prints_the_banner(page: Page, site: HostSite) -> None:
    page.goto(site.url + "index.html")
    banner = Banner(page)
    expect(banner.region).to_be_visible()
    page.emulate_media(media="print")
    expect(banner.region).to_be_hidden()
    page.emulate_media(media="screen")
    expect(banner.region).to_be_visible()


CLS = """() => new Promise((done) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(total), 300);
})"""


@pytest.mark.parametrize("width, height, path", [(375, 667, "index.html"), (1280, 800, "index.html"),
                                                  (375, 667, "hero.html"), (1280, 800, "hero.html"),
                                                  (375, 667, "async.html")])
def test_the_banner_shifts_no_layout_on_load_or_on_a_choice(page: Page, site: HostSite, width: int,
                                                             height: int, path: str) -> None:
    page.set_viewport_size({"width": width, "height": height})
    shifts = []
    for _ in range(10):
        page.context.clear_cookies()
        page.goto(site.url + path)
        banner = Banner(page)
        expect(banner.region).to_be_visible()
        banner.necessary_only()
        expect(banner.region).to_be_hidden()
        shifts.append(page.evaluate(CLS))
    assert max(shifts) < 0.01, shifts


def test_the_first_layer_covers_at_most_a_third_of_a_phone_screen(page: Page, site: HostSite) -> None:
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(site.url + "index.html")
    box = Banner(page).region.bounding_box()
    assert box is not None
    assert box["height"] / 667 <= 0.35 and box["y"] + box["height"] <= 667 + 1  # at the bottom, whole
    sizes = {Banner(page).button(key).bounding_box()["width"] for key in ("accept", "necessary", "settings")}  # type: ignore[index]
    assert max(sizes) - min(sizes) < 1  # three buttons of one weight


def test_on_a_wide_screen_the_first_layer_keeps_to_a_readable_column(page: Page, site: HostSite) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site.url + "index.html")
    banner = Banner(page)
    text = banner.region.locator("p").first.bounding_box()
    buttons = [banner.button(key).bounding_box() for key in ("accept", "necessary", "settings")]
    assert text is not None and None not in buttons
    assert text["width"] <= 48 * 16 and abs(text["x"] + text["width"] / 2 - 640) < 1  # 48rem, centred
    assert {round(b["width"]) for b in buttons} == {round(buttons[0]["width"])} and buttons[0]["width"] < 16 * 16  # type: ignore[index]
    box = banner.region.bounding_box()
    assert box is not None and (box["x"], box["width"]) == (0, 1280)  # the band itself spans the window


def test_a_wide_placeholder_centres_a_button_as_wide_as_its_words(page: Page, site: HostSite) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site.url + "en.html")
    load = page.get_by_role("button", name="Choose cookies")
    box, group = load.bounding_box(), page.get_by_role("group", name="Video").bounding_box()
    assert box is not None and group is not None
    assert box["width"] < 16 * 16 and abs((box["x"] + box["width"] / 2) - (group["x"] + group["width"] / 2)) < 1


def test_gated_content_added_after_load_waits_for_its_tier(page: Page, site: HostSite) -> None:
    page.goto(site.url + "late.html")
    banner = Banner(page)
    page.evaluate("addLate()")
    late = page.get_by_role("group", name="Late video")
    expect(late).to_be_visible()  # a placeholder, in the iframe's 320 × 240 shape
    box = late.bounding_box()
    assert box is not None and (round(box["width"]), round(box["height"])) == (320, 240)
    page.wait_for_timeout(200)
    assert "added-later" not in banner.ran()
    banner.open_settings()
    banner.choose_in_settings("analytics")
    assert banner.wait_ran(3) == ["added-later", "analytics", "analytics-late"]  # in document order: main first
    page.evaluate("addLate()")  # added once consent is given: runs at once
    assert banner.wait_ran(4)[-1] == "added-later"
    assert not site.requested("frame.html")


def test_withdrawal_clears_cookie_patterns_and_local_storage(page: Page, site: HostSite) -> None:
    page.goto(site.url + "index.html")
    banner = Banner(page)
    banner.accept_all()
    page.evaluate("""document.cookie = '_ga_ABC123=1; Path=/'; document.cookie = '_ga_XYZ=2; Path=/';
                     localStorage.setItem('recent_1', 'a'); localStorage.setItem('recent_2', 'b');
                     localStorage.setItem('cart', 'keep')""")
    banner.reopen()
    banner.choose_in_settings("analytics")  # social withdrawn: its local storage keys go
    assert page.evaluate("Object.keys(localStorage).sort()") == ["cart"]
    assert {"_ga_ABC123", "_ga_XYZ"} <= set(cookie_names(page.context))
    banner.reopen()
    banner.choose_in_settings("necessary")  # analytics withdrawn: every _ga_* cookie goes
    assert not [name for name in cookie_names(page.context) if name.startswith("_ga_")]


@pytest.mark.parametrize("path", ["hero.html", "async.html", "slow.html"])
def test_on_a_shop_homepage_the_banner_comes_after_the_skip_link(page: Page, site: HostSite, path: str) -> None:
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(site.url + path)
    banner = Banner(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Tab")
    expect(banner.region.get_by_role("link", name="Lees onze privacyverklaring")).to_be_focused()
    header = page.locator("header").bounding_box()
    assert header is not None and header["height"] < 120  # the banner's host takes no room in the header


def test_loaded_async_the_banner_shows_while_a_long_page_is_still_loading(page: Page, site: HostSite) -> None:
    # slow.html's parser waits at the end of the body for a script the server holds back: the banner
    # is there and usable before that, and gated scripts still wait for the whole page and a choice
    started = time.monotonic()
    page.goto(site.url + "slow.html", wait_until="commit")
    banner = Banner(page)
    expect(banner.button("accept")).to_be_visible(timeout=SLOW_SECONDS * 1000)
    assert page.evaluate("[document.readyState, window.slowDone === true]") == ["loading", False]
    assert time.monotonic() - started < SLOW_SECONDS
    page.wait_for_load_state("load")
    assert page.evaluate("document.querySelectorAll('privacy-consent').length") == 1
    assert banner.ran() == []
    banner.accept_all()
    assert banner.wait_ran(3) == ["analytics", "social", "analytics-late"]


def test_an_iframe_of_an_unknown_tier_stays_blocked_without_breaking_the_others(page: Page, site: HostSite) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site.url + "index.html")
    page.evaluate("""() => {
      const frame = (tier, title) => {
        const element = document.createElement('iframe');
        element.title = title; element.dataset.consentTier = tier; element.dataset.src = '/frame.html';
        return element;
      };
      document.querySelector('main').append(frame('marketing', 'Unknown tier'), frame('social', 'Known tier'));
    }""")
    expect(page.get_by_role("group", name="Known tier")).to_be_visible()
    assert page.get_by_role("group", name="Unknown tier").count() == 0
    Banner(page).accept_all()
    expect(page.locator("iframe[title='Known tier']")).to_have_attribute("src", "/frame.html")
    assert page.locator("iframe[title='Unknown tier']").get_attribute("src") is None
    assert errors == []


def test_loaded_async_the_api_is_there_by_the_pages_load_event(page: Page, site: HostSite) -> None:
    # as the embed page promises a developer: an async script delays the load event until it has run
    page.add_init_script("addEventListener('load', () => { window.atLoad = typeof window.privacyConsent; })")
    page.goto(site.url + "slow.html")
    assert page.evaluate("window.atLoad") == "object"


# --- the second file: the settings dialog and the placeholders, loaded when needed ---------------

def test_a_returning_visitor_downloads_the_settings_layer_only_on_opening_it(page: Page, site: HostSite) -> None:
    page.goto(site.url + "index.html")
    banner = Banner(page)
    banner.accept_all()  # every tier: no placeholder on the next page either
    site.requests.clear()
    page.goto(site.url + "page2.html")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)  # past the page's idle time, when a first layer would fetch it
    assert site.requested("/consent.js") and not site.requested(site.settings_file.name)
    banner.reopen()
    assert site.requested(site.settings_file.name)
    expect(banner.dialog.get_by_role("radio", name="social media", exact=True)).to_be_checked()


def test_with_the_first_layer_shown_the_settings_layer_is_fetched_before_it_is_asked_for(page: Page,
                                                                                         site: HostSite) -> None:
    page.goto(site.url + "page2.html")
    banner = Banner(page)
    expect(banner.region).to_be_visible()
    deadline = time.monotonic() + 5
    while not site.requested(site.settings_file.name) and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert site.requested(site.settings_file.name)
    banner.open_settings()


@pytest.mark.parametrize("fault", ["changed", "missing"])
def test_a_settings_layer_that_cannot_load_is_said_and_tried_again(page: Page, site: HostSite, fault: str) -> None:
    """A changed file is refused by its integrity hash, a missing one by the server: opening the
    settings then says so, focused, and the next opening tries again."""
    path = site.settings_file
    good = path.read_bytes()
    try:
        if fault == "changed":
            path.write_bytes(good.replace(b"Keuze opslaan", b"Keuze 0pslaan"))
        else:
            path.unlink()
        page.goto(site.url + "index.html")
        banner = Banner(page)
        banner.button("settings").click()
        status = page.get_by_role("status")
        expect(status).to_have_text("De cookie-instellingen konden niet worden geladen. Probeer het opnieuw.")
        expect(status).to_be_focused()
        expect(banner.dialog).to_have_count(0)
        assert banner.stored() is None and banner.ran() == []
        path.write_bytes(good)
        banner.open_settings()
        banner.choose_in_settings("analytics")
        assert banner.wait_ran(2) == ["analytics", "analytics-late"]
    finally:
        path.write_bytes(good)
