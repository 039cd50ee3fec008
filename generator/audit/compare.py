"""What the site did against what its statement says: findings, each naming the page, the cookie,
key or request that shows it, and the visits (consent states) that saw it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from generator.audit.observe import LEVEL, REJECT, STATES, Observations, SeenCookie, Visit, resolve
from generator.check.tally import Severity
from generator.profile.cookiedb import cookie_database, tier_level
from generator.profile.duration import days
from generator.profile.model import Cookie, Profile
from generator.profile.providers import on_host, provider_named, provider_of_host
from generator.profile.text import Words
from generator.profile.vocabulary import COOKIE_TIERS
from generator.render.banner import revision

OWN_COOKIE = "privacy_consent"  # the privgen banner's own: the choice itself, strictly necessary
TOO_LONG = 1.5  # a cookie living longer than this times its declared retention is reported


@dataclass(frozen=True)
class AuditRule:
    id: str
    severity: Severity
    reference: str
    title: Words


def in_order(states: Iterable[str]) -> tuple[str, ...]:
    return tuple(s for s in STATES if s in set(states))


@dataclass(frozen=True)
class AuditFinding:
    rule: AuditRule
    page: str
    subject: str  # the cookie, key, request or page that shows it
    states: tuple[str, ...]
    message: Words
    fix: Words

    @property
    def severity(self) -> Severity:
        return self.rule.severity


def _rule(rule_id: str, severity: Severity, reference: str, nl: str, en: str) -> AuditRule:
    return AuditRule(rule_id, severity, reference, Words(nl, en))


RULES = {r.id: r for r in (
    _rule("audit.undeclared", "error", "Art. 13(1)(e); ePrivacy Art. 5(3)", "Niet vermelde cookie of opslag",
          "Cookie or storage not declared"),
    _rule("audit.before_consent", "error", "ePrivacy Art. 5(3); Telecommunicatiewet 11.7a",
          "Cookie zonder toestemming", "Cookie without consent"),
    _rule("audit.request", "error", "ePrivacy Art. 5(3); Art. 6(1)(a)", "Verzoek aan derde zonder toestemming",
          "Request to a third party without consent"),
    _rule("audit.retention", "warning", "Art. 13(2)(a); Art. 5(1)(e)", "Cookie leeft langer dan vermeld",
          "Cookie lives longer than declared"),
    _rule("audit.no_banner", "error", "ePrivacy Art. 5(3); EDPB Guidelines 05/2020", "Geen toestemmingsvraag",
          "No consent request"),
    _rule("audit.reject", "error", "EDPB cookie banner taskforce (2023); AP", "Weigeren niet in de eerste laag",
          "No reject on the first layer"),
    _rule("audit.remembered", "error", "Art. 7(1); EDPB Guidelines 05/2020", "Keuze niet onthouden",
          "Choice not remembered"),
    _rule("audit.withdrawal", "error", "Art. 7(3)", "Intrekken wist niet alles", "Withdrawal leaves cookies"),
    _rule("audit.statement_link", "warning", "Art. 12(1); Art. 13", "Geen link naar de privacyverklaring",
          "No link to the privacy statement"),
    _rule("audit.stale_banner", "error", "Art. 7(1); Art. 13", "Verouderde banner", "Stale banner"),
    _rule("audit.banner_settings", "error", "Art. 4(11); EDPB Guidelines 05/2020",
          "Instellingen van de banner laden niet", "Banner settings do not load"),
    _rule("audit.other_banner", "info", "privgen audit", "Geen privgen-banner", "Not privgen's banner"),
    _rule("audit.unvisited", "info", "privgen audit", "Niet (helemaal) bezocht", "Not (fully) visited"),
)}
# What can be wrong with the settings layer a privgen banner loads (observe.Banner.settings_problem)
SETTINGS_PROBLEMS = {
    "missing": Words("wordt niet geserveerd", "is not served"),
    "changed": Words("klopt niet met de integriteitshash die de banner controleert",
                     "does not match the integrity hash the banner checks"),
}
STATE_WORDS = {
    "none": Words("zonder keuze", "with no choice yet"),
    "gpc": Words("zonder keuze met GPC aan", "with no choice and GPC on"),
    "necessary": Words("na 'alleen noodzakelijk'", "after 'necessary only'"),
    "analytics": Words("na toestemming voor analyse", "after consent to analytics"),
    "social": Words("na toestemming voor alles", "after consent to everything"),
}

# Why a page, or a state, was not (fully) visited; {} is the detail.
REASONS = {
    "no_banner": Words("geen privgen-banner om deze keuze mee te maken; niet bezocht.",
                       "no privgen banner to make this choice with; not visited."),
    "time": Words("de tijd voor de hele controle was op; niet bezocht.", "the audit's time ran out; not visited."),
    "no_start": Words("de startpagina kon niet worden geladen; niet bezocht.",
                      "the start page could not be loaded; not visited."),
    "other_site": Words("de startpagina leidt naar een andere site.", "the start page leads to another site."),
    "error": Words("niet te laden ({}).", "could not be loaded ({})."),
    "unfinished": Words("niet klaar met laden na {} s; gecontroleerd wat er was.",
                        "had not finished loading after {} s; what had loaded was audited."),
    "withdrawal": Words("intrekken kon niet worden geprobeerd ({}).", "withdrawal could not be tried ({})."),
}


def _states(states: Iterable[str]) -> Words:
    chosen = [s for s in STATES if s in set(states)]
    def join(words: list[str], conjunction: str) -> str:
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {conjunction} " + words[-1]
    return Words(join([STATE_WORDS[s].nl for s in chosen], "en"), join([STATE_WORDS[s].en for s in chosen], "and"))


def _tier(tier: str) -> Words:
    return Words(COOKIE_TIERS[tier].label("nl"), COOKIE_TIERS[tier].label("en"))


def _matches(pattern: str, name: str) -> bool:
    return name.startswith(pattern[:-1]) if pattern.endswith("*") else name == pattern


def declared(profile: Profile, name: str, storage: bool, domain: str = "") -> Cookie | None:
    """The profile's cookie (or storage key) that an observed one is: by name or name pattern; an
    item without a name by its provider (as the Open Cookie Database knows the name) or its hosts."""
    items = [c for c in profile.cookie_items if (c.storage == "local_storage") == storage]
    named = next((c for c in items if c.name and _matches(c.name, name)), None)
    if named is not None:
        return named
    known = cookie_database().lookup(name)
    for item in items:
        if item.name:
            continue
        provider = provider_named(item.provider)
        if known is not None and provider is not None and provider in (provider_named(known.platform),
                                                                         provider_named(known.controller)):
            return item
        if domain and item.hosts and on_host(domain.lstrip("."), item.hosts):
            return item
    return None


def _host_tiers(profile: Profile, host: str) -> set[str]:
    """The tiers whose cookies the profile gives to the service on this host."""
    items = profile.cookie_items
    provider = provider_of_host(host)
    return {c.tier for c in items if (c.hosts and on_host(host, c.hosts))
            or (provider is not None and provider_named(c.provider) == provider)}


def audit_findings(observed: Observations, profile: Profile, version: str) -> list[AuditFinding]:
    """Every finding of one audit, in a stable order: by rule, then page and subject."""
    found = [*_storage_findings(observed, profile), *_request_findings(observed, profile),
             *_banner_findings(observed, profile, version), *_link_findings(observed, profile),
             *(AuditFinding(RULES["audit.unvisited"], url, reason, (state,),
                            Words(f"{STATE_WORDS[state].nl[0].upper()}{STATE_WORDS[state].nl[1:]}: "
                                  f"{REASONS[reason].nl.format(detail)}",
                                  f"{STATE_WORDS[state].en[0].upper()}{STATE_WORDS[state].en[1:]}: "
                                  f"{REASONS[reason].en.format(detail)}"),
                            Words("Verhoog --pages, --page-timeout of --timeout, of controleer de pagina.",
                                  "Raise --pages, --page-timeout or --timeout, or check the page."))
               for state, url, reason, detail in observed.unvisited)]
    order = list(RULES)
    return sorted(found, key=lambda f: (order.index(f.rule.id), f.page, f.subject))


def _first_seen(visits: Iterable[Visit]) -> dict[tuple[str, bool], tuple[Visit, SeenCookie | None, set[str]]]:
    """Each cookie and storage key by (name, is storage): the first visit that saw it, the cookie, and
    every state that saw it."""
    seen: dict[tuple[str, bool], tuple[Visit, SeenCookie | None, set[str]]] = {}
    for visit in visits:
        for cookie in visit.cookies:
            seen.setdefault((cookie.name, False), (visit, cookie, set()))[2].add(visit.state)
        for _, key in visit.storage:
            seen.setdefault((key, True), (visit, None, set()))[2].add(visit.state)
    return seen


def _storage_findings(observed: Observations, profile: Profile) -> Iterator[AuditFinding]:
    for (name, storage), (visit, cookie, states) in sorted(_first_seen(observed.visits).items()):
        if name == OWN_COOKIE and not storage:
            continue
        what = Words(f"Sleutel {name} in de opslag van de browser", f"Storage key {name}") if storage else \
            Words(f"Cookie {name}", f"Cookie {name}")
        item = declared(profile, name, storage, cookie.domain if cookie else "")
        if item is None:
            known = cookie_database().lookup(name)
            about = f" ({known.describe()})" if known else ""
            when = _states(states)
            yield AuditFinding(
                RULES["audit.undeclared"], visit.url, name, in_order(states),
                Words(f"{what.nl}{about} gezet {when.nl}, niet vermeld in de verklaring.",
                      f"{what.en}{about} set {when.en}, not declared."),
                Words("Vermeld hem onder cookies.items met zijn niveau, of laat de site hem niet meer zetten.",
                      "Declare it under cookies.items with its tier, or stop the site setting it."))
            continue
        early = [s for s in states if LEVEL[s] < tier_level(item.tier)]
        if early:
            when, tier = _states(early), _tier(item.tier)
            yield AuditFinding(
                RULES["audit.before_consent"], visit.url, name, in_order(early),
                Words(f"{what.nl} (vermeld onder '{tier.nl}') gezet {when.nl}.",
                      f"{what.en} (declared for '{tier.en}') set {when.en}."),
                Words(f"Laad wat hem zet pas na toestemming: <script type=\"text/plain\" data-consent-tier=\"{item.tier}\">.",
                      f"Load what sets it only after consent: <script type=\"text/plain\" data-consent-tier=\"{item.tier}\">."))
        if cookie is not None:
            yield from _retention(observed, visit, cookie, item)


def _retention(observed: Observations, visit: Visit, cookie: SeenCookie, item: Cookie) -> Iterator[AuditFinding]:
    if cookie.expires is None or not (item.duration or item.session):
        return
    lives = (cookie.expires - observed.at) / 86400
    if item.session:
        if lives <= 1:
            return
        declared_words = Words("een sessiecookie", "a session cookie")
    else:
        limit = days(item.duration or "P0D")
        if lives <= TOO_LONG * limit:
            return
        declared_words = Words(f"{limit:.0f} dagen ({item.duration})", f"{limit:.0f} days ({item.duration})")
    yield AuditFinding(
        RULES["audit.retention"], visit.url, cookie.name, (visit.state,),
        Words(f"Cookie {cookie.name} blijft {lives:.0f} dagen; de verklaring noemt {declared_words.nl}.",
              f"Cookie {cookie.name} lives {lives:.0f} days; the statement declares {declared_words.en}."),
        Words("Laat de cookie eerder verlopen, of vermeld de werkelijke bewaartermijn.",
              "Make the cookie expire sooner, or declare its real retention."))


def _request_findings(observed: Observations, profile: Profile) -> Iterator[AuditFinding]:
    by_host: dict[str, tuple[Visit, str, set[str]]] = {}
    for visit in observed.visits:
        for url in visit.requests:
            host = (urlsplit(url).hostname or "").lower()
            tiers = _host_tiers(profile, host)
            if tiers and LEVEL[visit.state] < min(tier_level(t) for t in tiers):
                by_host.setdefault(host, (visit, url, set()))[2].add(visit.state)
    for host, (visit, url, states) in sorted(by_host.items()):
        tier = _tier(min(_host_tiers(profile, host), key=tier_level))
        when = _states(states)
        yield AuditFinding(
            RULES["audit.request"], visit.url, url, in_order(states),
            Words(f"Verzoek aan {host} (vermeld voor '{tier.nl}') {when.nl}: {url}.",
                  f"Request to {host} (declared for '{tier.en}') {when.en}: {url}."),
            Words("Laad die inhoud pas na toestemming (data-consent-tier), of vermeld de dienst in een lager niveau.",
                  "Load that content only after consent (data-consent-tier), or declare the service in a lower tier."))


def _banner_findings(observed: Observations, profile: Profile, version: str) -> Iterator[AuditFinding]:
    banner, start = observed.banner, observed.pages[0]
    asks = profile.asks_consent
    if banner.kind == "unseen":  # the start page was not visited: nothing is known of its banner
        return
    if banner.kind == "none" or (banner.kind == "privgen" and not banner.buttons):
        if asks:
            yield AuditFinding(
                RULES["audit.no_banner"], start, start, ("none",),
                Words("Geen toestemmingsvraag op de pagina, terwijl de verklaring cookies boven strikt noodzakelijk "
                      "noemt.", "No consent request on the page, while the statement lists cookies above strictly "
                      "necessary."),
                Words("Plaats de privgen-banner (consent.js) als eerste script in de <head>.",
                      "Put the privgen banner (consent.js) first in the <head>."))
        return
    if banner.kind == "other":
        yield AuditFinding(
            RULES["audit.other_banner"], start, start, ("none",),
            Words("De toestemmingsvraag is niet de privgen-banner: keuzes per niveau zijn niet getest.",
                  "The consent request is not privgen's banner: the choices per tier were not tried."),
            Words("Gebruik de privgen-banner om elk niveau te laten controleren.",
                  "Use the privgen banner to have each tier audited."))
    rejects = _reject_words(banner.config) if banner.config else None
    if not any((b in rejects) if rejects is not None else bool(REJECT.search(b)) for b in banner.buttons):
        yield AuditFinding(
            RULES["audit.reject"], start, " | ".join(banner.buttons), ("none",),
            Words(f"De eerste laag biedt geen weigerknop (knoppen: {', '.join(banner.buttons)}).",
                  f"The first layer offers no way to reject (buttons: {', '.join(banner.buttons)})."),
            Words("Zet 'Alleen noodzakelijk' of 'Weigeren' naast 'Accepteren', even opvallend.",
                  "Put 'Necessary only' or 'Reject' beside 'Accept', equally prominent."))
    forgotten = [s for s, held in observed.remembered.items() if not held]
    if forgotten:
        when = _states(forgotten)
        yield AuditFinding(
            RULES["audit.remembered"], start, start, in_order(forgotten),
            Words(f"Na herladen vraagt de site opnieuw om toestemming; de keuze {when.nl} is niet onthouden.",
                  f"After a reload the site asks again; the choice made {when.en} was not remembered."),
            Words("Controleer dat niets de cookie privacy_consent verwijdert of blokkeert.",
                  "Check that nothing removes or blocks the privacy_consent cookie."))
    left = [name for name in _left_above_necessary(observed, profile)]
    if left:
        yield AuditFinding(
            RULES["audit.withdrawal"], start, ", ".join(left), ("social",),
            Words(f"Na intrekken (terug naar 'alleen noodzakelijk') blijven staan: {', '.join(left)}.",
                  f"After withdrawal (back to 'necessary only') these stay: {', '.join(left)}."),
            Words("Zet deze cookies op pad / en het eigen domein, of vermeld hun naam zodat de banner ze wist.",
                  "Set these cookies on path / of the site's own domain, or declare their names so the banner "
                  "removes them."))
    if banner.config is not None:
        expected = revision(profile)
        built, built_version = banner.config.get("revision"), banner.config.get("version")
        if built != expected or built_version != version:
            yield AuditFinding(
                RULES["audit.stale_banner"], start, banner.script, ("none",),
                Words(f"{banner.script} is gemaakt voor revisie {built} (versie {built_version}); de verklaring die "
                      f"nu geldt, vraagt revisie {expected} (versie {version}).",
                      f"{banner.script} was built for revision {built} (version {built_version}); the statement in "
                      f"force implies revision {expected} (version {version})."),
                Words("Bouw opnieuw (privgen build) en publiceer de nieuwe consent.js.",
                      "Build again (privgen build) and publish the new consent.js."))
    if banner.settings_problem:
        problem = SETTINGS_PROBLEMS[banner.settings_problem]
        yield AuditFinding(
            RULES["audit.banner_settings"], start, banner.settings, ("none",),
            Words(f"{banner.settings}, het tweede bestand van de banner, {problem.nl}: bezoekers kunnen de "
                  "cookie-instellingen niet openen en zien geen plaatshouders van geblokkeerde inhoud.",
                  f"{banner.settings}, the banner's second file, {problem.en}: visitors cannot open the cookie "
                  "settings and see no placeholders of blocked content."),
            Words("Publiceer het bestand uit dezelfde build in dezelfde map als consent.js.",
                  "Publish the file from the same build in the same folder as consent.js."))


def _reject_words(config: dict[str, object]) -> set[str]:
    strings = config.get("strings")
    return {words["necessaryOnly"] for words in strings.values() if isinstance(words, dict)} \
        if isinstance(strings, dict) else set()


def _left_above_necessary(observed: Observations, profile: Profile) -> Iterator[str]:
    for left in observed.after_withdrawal:
        name, storage = (left.name, False) if isinstance(left, SeenCookie) else (left[1], True)
        item = declared(profile, name, storage, left.domain if isinstance(left, SeenCookie) else "")
        if item is not None and item.tier != "necessary":
            yield f"{name} ({left.path})" if isinstance(left, SeenCookie) else f"{name} (localStorage)"


def _link_findings(observed: Observations, profile: Profile) -> Iterator[AuditFinding]:
    targets = _statement_urls(observed, profile)
    for visit in observed.visits:
        if visit.state != "none":
            continue
        links = {resolve(link, visit.url) for link in visit.links}
        if targets:
            linked = visit.url in targets or bool(links & targets)
        else:  # no address known: a link that says where the privacy statement is
            linked = any("privacy" in link.lower() for link in links)
        if not linked:
            yield AuditFinding(
                RULES["audit.statement_link"], visit.url, visit.url, ("none",),
                Words("Deze pagina linkt niet naar de privacyverklaring.",
                      "This page does not link to the privacy statement."),
                Words("Zet een link naar de privacyverklaring in de voettekst van elke pagina.",
                      "Put a link to the privacy statement in every page's footer."))


def _statement_urls(observed: Observations, profile: Profile) -> set[str]:
    urls = {profile.banner.statement_url} if profile.banner.statement_url else set()
    config = observed.banner.config
    if config and isinstance(config.get("strings"), dict):
        urls |= {resolve(words["statementUrl"], observed.banner.script) for words in config["strings"].values()
                 if isinstance(words, dict) and words.get("statementUrl")}
    return {resolve(url, observed.start) for url in urls}

