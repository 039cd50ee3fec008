"""End to end: a visitor's choice in the banner, on a host page in Chromium, becomes a record in the
consent service that privgen consent proof shows with the right banner revision and statement version."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Page

from generator.build import build
from generator.consent.proof import organisation, proof_text, site_origins
from generator.consent.service import consent_app
from generator.consent.store import ConsentStore
from generator.profile.gather import gather_site
from generator.render.banner import revision
from tests.consent.processes import free_port
from tests.browser.conftest import browser_type_launch_args  # noqa: F401  (same Chromium setup)

pytestmark = pytest.mark.browser

PROFILE = """\
title: {{nl: Privacyverklaring Winkel, en: Shop privacy statement}}
version: {{effective_date: 2026-01-01}}
controller:
  name: Winkel BV
  websites: ["{site}"]
cookies:
  items:
    - {{id: stats, name: _stats_id, provider: Winkel BV, purpose: Statistiek, tier: analytics, party: first}}
banner:
  consent_log: {service}consent/winkel
"""
PAGE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Winkel</title>
<script src="/consent.js"></script></head><body><main><h1>Winkel</h1></main></body></html>"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[tuple[str, Path, ConsentStore]]:
    folder = tmp_path / "site"
    folder.mkdir()
    host = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    site = f"http://127.0.0.1:{host.server_address[1]}/"
    port = free_port()
    content = tmp_path / "content"
    (content / "winkel").mkdir(parents=True)
    (content / "winkel" / "2026-01-01.yaml").write_text(
        PROFILE.format(site=site, service=f"http://127.0.0.1:{port}/"), encoding="utf-8")
    build(content, tmp_path / "build")
    for path in [tmp_path / "build" / "winkel" / "consent.js", *(tmp_path / "build" / "winkel").glob("consent-settings.*.js")]:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    store = ConsentStore(f"sqlite:///{tmp_path / 'consent.db'}")
    service = uvicorn.Server(uvicorn.Config(consent_app(store, site_origins(content)), host="127.0.0.1", port=port,
                                            log_level="warning"))
    threads = [threading.Thread(target=host.serve_forever, daemon=True),
               threading.Thread(target=service.run, daemon=True)]
    for thread in threads:
        thread.start()
    deadline = time.time() + 10
    while not service.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield site, content, store
    finally:
        service.should_exit = True
        host.shutdown()
        threads[1].join(timeout=10)


def test_a_choice_in_the_banner_is_kept_and_proven(page: Page, shop: tuple[str, Path, ConsentStore]) -> None:
    site, content, store = shop
    page.goto(site + "index.html")
    page.get_by_role("region", name="Cookies op deze website").get_by_role(
        "button", name="Alles accepteren", exact=True).click()
    consent_id = page.evaluate("privacyConsent.get().id")
    deadline = time.time() + 10
    while not store.history("winkel", consent_id) and time.time() < deadline:
        time.sleep(0.1)
    (record,) = store.history("winkel", consent_id)
    statement = gather_site(content).organisations[0].current
    assert (record.action, record.tier, record.version, record.revision, record.language) == (
        "accept_all", "social", "2026-01-01", revision(statement.profile), "nl")
    proof = proof_text(organisation(content, "winkel"), [record])
    assert "statement version 2026-01-01, permanently at winkel/versions/2026-01-01/" in proof
    assert "the revision is not that version's" not in proof
    assert proof.splitlines()[3:] == [
        "   banner (nl): Cookies op deze website. Naast strikt noodzakelijke cookies gebruiken we analysecookies "
        "(Winkel BV) alleen met uw toestemming. U kunt uw keuze altijd wijzigen.",
        "   - necessary (strikt noodzakelijk, on): Nodig om de website te laten werken. Altijd aan.",
        "   - analytics (analyse, on): Laat ons zien hoe bezoekers de website gebruiken.",
        "     · _stats_id (Winkel BV, first party, retention not stated): Statistiek",
        "   - social (social media, on): Inhoud en delen via sociale media en andere derde partijen.",
    ]
