"""The cookie rules: consent for what needs it, the tier a cookie belongs in, and whether a banner
is needed at all."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.findings import Hit, rule
from generator.check.rules import EEA, stated_bases, untransferred
from generator.profile import vocabulary as vocab
from generator.profile.providers import provider_named
from generator.profile.site import Statement
from generator.profile.text import Words


@rule("cookies.consent", "warning", "ePrivacy Art. 5(3); Telecommunicatiewet 11.7a",
      "Toestemming voor cookies", "Consent for cookies")
def cookies_need_consent(statement: Statement) -> Iterator[Hit]:
    profile = statement.profile
    if profile.cookies is None or "consent" in stated_bases(profile):
        return
    for index, cookie in enumerate(profile.cookies.items):
        if cookie.tier != "necessary":
            yield Hit(("cookies", "items", index, "tier"),
                      Words(f"Cookie {cookie.name or cookie.provider} valt onder '{vocab.COOKIE_TIERS[cookie.tier].nl}', "
                            "maar geen enkel doel rust op toestemming.",
                            f"Cookie {cookie.name or cookie.provider} is in the '{vocab.COOKIE_TIERS[cookie.tier].en}' "
                            "tier, but no purpose rests on consent."),
                      Words("Vraag toestemming voor deze cookies en vermeld toestemming als grondslag; "
                            "gerechtvaardigd belang is geen grondslag voor cookies.",
                            "Ask consent for these cookies and state consent as the basis; legitimate interest "
                            "is no basis for cookies."))


@rule("cookies.transfer", "warning", "Art. 44–46", "Cookies van buiten de EER", "Cookies from outside the EEA")
def cookie_outside_eea(statement: Statement) -> Iterator[Hit]:
    profile = statement.profile
    if profile.cookies is None:
        return
    safeguarded = {
        (r.name or "").lower()
        for t in profile.transfers if t.safeguard not in (None, "not_stated")
        for r in profile.recipients if r.id in t.recipients}
    # a recipient outside the EEA with no transfer is art13.1.f's finding: one finding per fact
    reported = {(recipient.name or "").lower() for _, recipient, _ in untransferred(profile)}
    for index, cookie in enumerate(profile.cookies.items):
        if cookie.party == "third" and cookie.country and cookie.country not in EEA:
            if any(cookie.provider.lower() in name for name in reported if name):
                continue
            if not any(cookie.provider.lower() in name for name in safeguarded if name):
                yield Hit(("cookies", "items", index, "country"),
                          Words(f"Cookie van {cookie.provider} ({cookie.country}) zonder waarborg voor doorgifte.",
                                f"Cookie of {cookie.provider} ({cookie.country}) without a transfer safeguard."),
                          Words("Voeg een doorgifte met waarborg toe voor deze aanbieder.",
                                "Add a transfer with a safeguard for this provider."))


@rule("cookies.necessary", "error", "EDPB cookie banner taskforce (2023)", "Strikt noodzakelijke cookies",
      "Strictly necessary cookies")
def necessary_cookie_provider(statement: Statement) -> Iterator[Hit]:
    cookies = statement.profile.cookies
    for index, cookie in enumerate(cookies.items if cookies else ()):
        known = provider_named(cookie.provider)
        # advertising, social networks and analytics: never "strictly necessary"
        if cookie.tier == "necessary" and known is not None and known.tracks:
            yield Hit(("cookies", "items", index, "tier"),
                      Words(f"Een cookie van {cookie.provider} staat als strikt noodzakelijk.",
                            f"A cookie of {cookie.provider} is listed as strictly necessary."),
                      Words("Cookies van advertentie- of sociale netwerken horen in 'analyse' of 'social media'.",
                            "Cookies of advertising or social networks belong in 'analytics' or 'social media'."))


@rule("cookies.no_banner", "info", "ePrivacy Art. 5(3); EDPB Guidelines 2/2023", "Geen cookiebanner nodig",
      "No cookie banner needed")
def no_banner_needed(statement: Statement) -> Iterator[Hit]:
    if not statement.profile.asks_consent:
        yield Hit(("cookies",),
                  Words("De verklaring noemt geen cookies boven strikt noodzakelijk: er is geen toestemming te vragen, "
                        "dus privgen maakt geen cookiebanner.",
                        "The statement names no cookies above strictly necessary: there is no consent to ask, so "
                        "privgen makes no cookie banner."),
                  Words("Geen actie nodig. Gebruikt de website wel analyse- of social-mediacookies, vermeld ze dan "
                        "(cookies.items) en de volgende build maakt de banner.",
                        "No action needed. If the website does use analytics or social media cookies, list them "
                        "(cookies.items) and the next build makes the banner."))
