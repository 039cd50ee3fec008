"""Privacy tools handle the banner: DuckDuckGo's autoconsent (the real package, pinned in interop/)
detects it with the rule in interop/autoconsent/privgen.json and opts out to necessary only; and
Consent-O-Matic's own engine (interop/consent-o-matic/engine, unchanged) with the rule in
interop/consent-o-matic/privgen.json makes the choice its user set, within the cumulative tiers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.banner.banner_page import Banner
from tests.banner.host_site import HostSite
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

INTEROP = ROOT / "interop"


@pytest.fixture(scope="module")
def autoconsent_script() -> str:
    if shutil.which("npm") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("npm is missing: install Node.js (apt-get install nodejs npm)")
        pytest.skip("npm is missing")
    package = INTEROP / "node_modules" / "@duckduckgo" / "autoconsent"
    if not package.is_dir():
        subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=INTEROP, check=True, timeout=600)
    return (package / "dist" / "autoconsent.playwright.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("action", ["optOut", "optIn"])
def test_autoconsent_detects_the_banner_and_makes_its_choice(page: Page, site: HostSite, autoconsent_script: str,
                                                             action: str) -> None:
    rule = json.loads((INTEROP / "autoconsent" / "privgen.json").read_text(encoding="utf-8"))
    received: list[dict[str, Any]] = []

    def message(source: Any, msg: dict[str, Any]) -> None:
        received.append(msg)
        if msg["type"] == "init":
            config = {"enabled": True, "autoAction": action, "disabledCmps": [], "enablePrehide": False,
                      "detectRetries": 20, "enableCosmeticRules": False}
            source["frame"].evaluate(f"autoconsentReceiveMessage({json.dumps({'type': 'initResp', 'config': config, 'rules': {'autoconsent': [rule]}})})")

    page.expose_binding("autoconsentSendMessage", message)
    page.add_init_script(autoconsent_script)
    page.goto(site.url + "index.html")
    banner = Banner(page)
    deadline = time.time() + 10
    while not any(m["type"] == "autoconsentDone" for m in received) and time.time() < deadline:
        page.wait_for_timeout(100)
    types = [m["type"] for m in received]
    assert {"type": "cmpDetected", "cmp": "privgen", "url": page.url} in [
        {k: m.get(k) for k in ("type", "cmp", "url")} for m in received], types
    result = next(m for m in received if m["type"] == f"{action}Result")
    assert result["result"] is True and "autoconsentDone" in types
    expected = "necessary" if action == "optOut" else "social"
    assert banner.stored()["tier"] == expected  # type: ignore[index]
    if action == "optOut":
        page.wait_for_timeout(300)
        assert banner.ran() == []


COM = INTEROP / "consent-o-matic"


@pytest.mark.parametrize(("analytics", "ads", "tier"), [
    (False, False, "necessary"),
    (True, False, "analytics"),
    (True, True, "social"),
    (False, True, "necessary"),  # social media includes analytics, which its user refused
])
def test_consent_o_matic_finds_the_banner_in_its_shadow_root_and_chooses_the_tier_its_user_set(
        page: Page, site: HostSite, analytics: bool, ads: bool, tier: str) -> None:
    rules = json.loads((COM / "privgen.json").read_text(encoding="utf-8"))
    del rules["$schema"]
    consent = {"D": False, "A": False, "B": analytics, "E": False, "F": ads, "X": False}
    # The extension's content script does this (contentScript.js), with its settings from browser storage.
    harness = f"""import ConsentEngine from "./ConsentEngine.js";
window.chrome = window.chrome || {{}};
ConsentEngine.debugValues = {{}};
ConsentEngine.generalSettings = {{}};
ConsentEngine.topFrameUrl = location.href;
window.comEvents = [];
ConsentEngine.singleton = new ConsentEngine({json.dumps(rules)}, {json.dumps(consent)},
                                           (event) => window.comEvents.push(event));
"""

    def engine(route: Any) -> None:
        name = route.request.url.rsplit("/", 1)[1]
        body = harness if name == "harness.js" else (COM / "engine" / name).read_text(encoding="utf-8")
        route.fulfill(body=body, content_type="text/javascript")

    errors: list[str] = []  # the engine reports a failing step on the console and carries on
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.route("**/consent-o-matic/*.js", engine)  # same origin: the host page's strict CSP allows it
    page.goto(site.url + "index.html")
    banner = Banner(page)
    page.add_script_tag(url=site.url + "consent-o-matic/harness.js", type="module")
    page.wait_for_function("window.comEvents && window.comEvents.length > 0", timeout=15_000)
    events = page.evaluate("window.comEvents")
    assert [(e.get("handled"), e.get("cmpName")) for e in events] == [(True, "privgen")], events
    assert banner.stored()["tier"] == tier  # type: ignore[index]
    assert errors == []
