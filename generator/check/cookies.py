"""The cookie rules: consent for what needs it, the tier a cookie belongs in, and whether a banner
is needed at all."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.findings import Hit, rule
from generator.check.rules import EEA, stated_bases, untransferred
from generator.profile import vocabulary as vocab
from generator.profile.cookiedb import cookie_database, tier_level
from generator.profile.providers import provider_named
from generator.profile.site import Statement
from generator.profile.text import Words


# The purposes whose consent covers the cookies of a tier: an unrelated consent (a newsletter's)
# does not.
TIER_PURPOSES = {"analytics": frozenset({"statistics", "website_improvement"}),
                 "social": frozenset({"marketing", "profiling"})}
# Telling visitors to block cookies in their browser, as the way to refuse them.
BROWSER_REFUSAL = re.compile(
    r"\b(?:via|in|met) (?:uw|je|jouw|de) (?:web|internet)?brows\w*[^.]{0,120}\b(?:blokker\w*|uitzet\w*|uit te zetten"
    r"|weiger\w*|uitschakel\w*|verwijder\w*)|\b(?:block|disable|refuse|reject)\w*[^.]{0,60}\b(?:in|through|via) "
    r"your (?:web )?browser", re.IGNORECASE)


def _consent_covers(statement: Statement, tier: str) -> bool:
    """Whether the statement asks consent for cookies of this tier: it describes what a visitor
    consents to in that tier, or a consent basis names cookies or a purpose they serve."""
    profile = statement.profile
    if profile.cookies and any(description.tier == tier for description in profile.cookies.tiers):
        return True
    purposes = {p.id: p.type for p in profile.purposes}
    for basis in profile.legal_bases:
        if basis.basis != "consent":
            continue
        if basis.text and "cookie" in basis.text.pick(profile.language)[0].lower():
            return True
        if any(purposes.get(p) in TIER_PURPOSES.get(tier, ()) for p in basis.purposes):
            return True
    return False


@rule("cookies.consent", "warning", "ePrivacy Art. 5(3); Telecommunicatiewet 11.7a",
      "Toestemming voor cookies", "Consent for cookies")
def cookies_need_consent(statement: Statement) -> Iterator[Hit]:
    profile = statement.profile
    if profile.cookies is None:
        return
    any_consent = "consent" in stated_bases(profile)
    for index, cookie in enumerate(profile.cookies.items):
        if cookie.tier == "necessary" or _consent_covers(statement, cookie.tier):
            continue
        tier = vocab.COOKIE_TIERS[cookie.tier]
        name = cookie.name or cookie.provider
        yield Hit(("cookies", "items", index, "tier"),
                  Words(f"Cookie {name} valt onder '{tier.nl}', maar " + (
                        "de toestemming die de verklaring vraagt, geldt voor andere doelen." if any_consent else
                        "geen enkel doel rust op toestemming."),
                        f"Cookie {name} is in the '{tier.en}' tier, but " + (
                        "the consent the statement asks covers other purposes." if any_consent else
                        "no purpose rests on consent.")),
                  Words("Vraag toestemming voor deze cookies en vermeld toestemming als grondslag; "
                        "gerechtvaardigd belang is geen grondslag voor cookies.",
                        "Ask consent for these cookies and state consent as the basis; legitimate interest "
                        "is no basis for cookies."))


@rule("cookies.refusal", "warning", "ePrivacy Art. 5(3); EDPB Guidelines 05/2020 §86",
      "Weigeren via de browser", "Refusing through the browser")
def refusal_through_browser(statement: Statement) -> Iterator[Hit]:
    for location, text in statement.texts:
        if location[0] != "cookies":
            continue
        content = text.pick(statement.profile.language)[0]
        match = BROWSER_REFUSAL.search(content)
        if match:
            quote = " ".join(match.group(0).split())
            yield Hit(location,
                      Words(f"Cookies weigeren via de browser is geen manier om te weigeren: “{quote}”",
                            f"Blocking cookies in the browser is no way to refuse them: “{quote}”"),
                      Words("Vraag toestemming vóór het plaatsen, met weigeren even makkelijk als accepteren (de "
                            "cookiebanner); noem de browser hooguit als extra.",
                            "Ask consent before placing them, refusing as easy as accepting (the cookie banner); "
                            "mention the browser at most as an extra."))
            return


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
    for index, cookie in enumerate(statement.profile.cookie_items):
        known = provider_named(cookie.provider)
        # advertising, social networks and analytics: never "strictly necessary"
        if cookie.tier == "necessary" and known is not None and known.tracks:
            yield Hit(("cookies", "items", index, "tier"),
                      Words(f"Een cookie van {cookie.provider} staat als strikt noodzakelijk.",
                            f"A cookie of {cookie.provider} is listed as strictly necessary."),
                      Words("Cookies van advertentie- of sociale netwerken horen in 'analyse' of 'social media'.",
                            "Cookies of advertising or social networks belong in 'analytics' or 'social media'."))


@rule("cookies.category", "warning", "ePrivacy Art. 5(3); Open Cookie Database", "Cookie in een te laag niveau",
      "Cookie in too low a tier")
def known_category(statement: Statement) -> Iterator[Hit]:
    for index, cookie in enumerate(statement.profile.cookie_items):
        known = cookie_database().lookup(cookie.name.rstrip("*")) if cookie.name else None
        if known is None or tier_level(known.tier) <= tier_level(cookie.tier):
            continue
        tracker = provider_named(cookie.provider)
        if cookie.tier == "necessary" and tracker is not None and tracker.tracks:
            continue  # cookies.necessary says so already, for the provider
        tier = vocab.COOKIE_TIERS[known.tier]
        yield Hit(("cookies", "items", index, "tier"),
                  Words(f"Cookie {cookie.name} is bekend als {known.platform} ({known.category.lower()}) en hoort "
                        f"in '{tier.nl}', niet in '{vocab.COOKIE_TIERS[cookie.tier].nl}'.",
                        f"Cookie {cookie.name} is known as {known.platform} ({known.category.lower()}) and belongs in "
                        f"'{tier.en}', not '{vocab.COOKIE_TIERS[cookie.tier].en}'."),
                  Words(f"Zet de cookie in '{tier.nl}', of leg in de verklaring uit waarom hij hier anders werkt.",
                        f"Move the cookie to '{tier.en}', or explain in the statement why it works differently here."))


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
