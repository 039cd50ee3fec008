"""A page object for the consent banner: what a visitor sees and does, by role and name."""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import Locator, Page, expect

NAMES = {
    "nl": dict(region="Cookies op deze website", accept="Alles accepteren", necessary="Alleen noodzakelijk",
               settings="Instellingen", dialog="Cookie-instellingen", save="Keuze opslaan", close="Sluiten",
               tiers={"necessary": "strikt noodzakelijk", "analytics": "analyse", "social": "social media"},
               load="Toestaan en laden", opener="Cookie-instellingen"),
    "en": dict(region="Cookies on this website", accept="Accept all", necessary="Necessary only",
               settings="Settings", dialog="Cookie settings", save="Save choice", close="Close",
               tiers={"necessary": "strictly necessary", "analytics": "analytics", "social": "social media"},
               load="Allow and load", opener="Cookie settings"),
}


class Banner:
    def __init__(self, page: Page, lang: str = "nl") -> None:
        self.page = page
        self.names: dict[str, Any] = NAMES[lang]

    @property
    def region(self) -> Locator:
        return self.page.get_by_role("region", name=self.names["region"])

    @property
    def dialog(self) -> Locator:
        return self.page.get_by_role("dialog", name=self.names["dialog"])

    def button(self, key: str) -> Locator:
        return self.region.get_by_role("button", name=self.names[key], exact=True)

    def accept_all(self) -> None:
        self.button("accept").click()

    def necessary_only(self) -> None:
        self.button("necessary").click()

    def open_settings(self) -> None:
        self.button("settings").click()
        expect(self.dialog).to_be_visible()

    def reopen(self) -> None:
        self.page.get_by_role("link", name=self.names["opener"]).click()
        expect(self.dialog).to_be_visible()

    def choose_in_settings(self, tier: str) -> None:
        self.dialog.get_by_role("radio", name=self.names["tiers"][tier], exact=True).check()
        self.dialog.get_by_role("button", name=self.names["save"]).click()
        expect(self.dialog).to_be_hidden()

    def ran(self) -> list[str]:
        return list(self.page.evaluate("window.ran || []"))

    def wait_ran(self, count: int, timeout: float = 5.0) -> list[str]:
        # Polled from here: wait_for_function evaluates a string, which a strict CSP forbids.
        deadline = time.monotonic() + timeout
        while len(self.ran()) < count and time.monotonic() < deadline:
            self.page.wait_for_timeout(50)
        return self.ran()

    def stored(self) -> dict[str, Any] | None:
        return self.page.evaluate("window.privacyConsent.get()")  # type: ignore[no-any-return]
