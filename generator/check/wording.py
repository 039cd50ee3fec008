"""Rules that read the statement's own words for what regulators act on: consent that is not
consent, personal data said not to be personal data, and template text left in. Each quotes the
words it found."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.findings import Hit, rule
from generator.profile.site import Statement
from generator.profile.text import Words

# Consent deemed given by an act that is no clear affirmative one for this purpose (Art. 4(11)):
# visiting, using the site, submitting a form, creating an account, "agreeing" with the statement.
DEEMED_CONSENT = re.compile(
    r"(?:\b(?:door|bij|wanneer|als)\b[^.;]{0,80}\b(?:bezoek\w*|gebruik\w*|indien\w*|invul\w*|aanmaak\w*|aanmaakt|verstrek\w*)"
    r"[^.;]{0,120}\b(?:akkoord|goedkeuring|toestemming|instemming)\b)"
    r"|(?:\bby (?:visiting|using|submitting|creating|continuing)\b[^.;]{0,120}\byou (?:agree|consent|accept)\b)"
    # consent bundled with accepting the statement or the terms
    r"|\b(?:privacyverklaring|privacybeleid|voorwaarden)\b[^.;]{0,30}\baccept\w*[^.;]{0,80}\b(?:toestemming|akkoord)\b"
    r"|\baccepting (?:this|our|the) (?:statement|policy|privacy policy|terms)\b[^.;]{0,80}\byou (?:agree|consent)\b"
    # a box ticked in advance (CJEU C-673/17 Planet49)
    r"|\b(?:vooraf|standaard|al) aangevinkt\b|\bpre-?(?:ticked|checked)\b",
    re.IGNORECASE)
# Personal data said not to be personal data (Recital 30; CJEU C-582/14 Breyer: an IP address is).
DENIED = re.compile(
    r"\b(?:zijn|is) geen persoonsgegevens\b|\b(?:kunnen|kan) (?:wij|we) (?:je|jou|u) niet identificeren\b"
    r"|\bbevat(?:ten)? geen identificerende gegevens\b|\bcookies?\b[^.]{0,120}\bgeen persoonsgegevens\b"
    r"|\b(?:is|are) not personal data\b|\bcannot identify you\b|\bcontains? no identifying (?:data|information)\b",
    re.IGNORECASE)
# What a template left: "<naam systeembeheerder>", "[bedrijfsnaam]", "{{naam}}", "de diensten van . Deze".
LEFTOVER = re.compile(
    r"<(?!https?://|mailto:)[^<>@\n]{2,40}>|\[[^\]\n]{2,40}\](?!\()|\{\{[^}\n]{1,40}\}\}"
    r"|\b(?:van|met|door|bij|aan|of|from|by|with)\s+\.(?=\s|$)",
    re.IGNORECASE)


def _quote(text: str, match: re.Match[str]) -> str:
    """The words found, with a little of what surrounds them, on one line."""
    start, end = max(0, match.start() - 20), min(len(text), match.end() + 20)
    snippet = re.sub(r"\s+", " ", text[start:end]).strip()
    return ("…" if start else "") + snippet + ("…" if end < len(text) else "")


def _found(statement: Statement, pattern: re.Pattern[str]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Each text (in the statement's own language) where pattern matches, with the quote."""
    for location, text in statement.texts:
        content = text.pick(statement.profile.language)[0]
        match = pattern.search(content)
        if match:
            yield location, _quote(content, match)


@rule("consent.deemed", "error", "Art. 4(11), Art. 7; EDPB Guidelines 05/2020", "Toestemming die geen toestemming is",
      "Consent that is not consent")
def deemed_consent(statement: Statement) -> Iterator[Hit]:
    for location, quote in _found(statement, DEEMED_CONSENT):
        yield Hit(location,
                  Words(f"Toestemming wordt afgeleid uit een handeling die geen ondubbelzinnige toestemming is: “{quote}”",
                        f"Consent is inferred from an act that is no unambiguous consent: “{quote}”"),
                  Words("Vraag toestemming per doel met een aparte, actieve handeling, of noem de grondslag die echt "
                        "geldt (overeenkomst, gerechtvaardigd belang).",
                        "Ask consent per purpose by a separate, active act, or state the basis that really "
                        "applies (contract, legitimate interests)."))


@rule("personal.denied", "warning", "Recital 26, 30; CJEU C-582/14 (Breyer)", "Persoonsgegevens ontkend",
      "Personal data denied")
def personal_data_denied(statement: Statement) -> Iterator[Hit]:
    for location, quote in _found(statement, DENIED):
        yield Hit(location,
                  Words("IP-adressen, cookie-id's en apparaatgegevens zijn meestal persoonsgegevens, maar de verklaring zegt "
                        f"van niet: “{quote}”",
                        "IP addresses, cookie ids and device data usually are personal data, but the statement says "
                        f"they are not: “{quote}”"),
                  Words("Behandel deze gegevens als persoonsgegevens: noem doel, grondslag en bewaartermijn.",
                        "Treat this data as personal data: state its purpose, basis and retention."))


@rule("text.leftover", "error", "Art. 12(1)", "Sjabloontekst", "Template text left in")
def template_leftover(statement: Statement) -> Iterator[Hit]:
    for location, quote in _found(statement, LEFTOVER):
        yield Hit(location,
                  Words(f"Er staat sjabloontekst of een lege plek in: “{quote}”",
                        f"Template text or a blank is left in: “{quote}”"),
                  Words("Vul de naam of tekst in, of haal de zin weg.", "Fill in the name or text, or remove the sentence."))


# Retention by a criterion that sets no limit (WP260 rev.01 §III: "as long as necessary" alone is
# not enough): necessity, expectation or "a certain period", with no period, event or criterion.
VAGUE_RETENTION = re.compile(
    r"\b(?:nodig|noodzakelijk|necessary|needed|verwachting|expect\w*|bepaalde periode|certain period|"
    r"wenselijk|desirable)\b", re.IGNORECASE)


@rule("retention.vague", "error", "Art. 13(2)(a); WP260 rev.01", "Vage bewaartermijn", "Vague retention")
def vague_retention(statement: Statement) -> Iterator[Hit]:
    profile = statement.profile
    language = profile.language
    for index, item in enumerate(profile.retention):
        if item.duration is None and item.until is None and item.criterion is not None:
            words = item.criterion.pick(language)[0]
            if VAGUE_RETENTION.search(words):
                yield Hit(("retention", index, "criterion"),
                          Words(f"De bewaartermijn is alleen een open criterium: “{words}”",
                                f"The retention period is only an open-ended criterion: “{words}”"),
                          Words("Noem een termijn, of de gebeurtenis en de criteria waarmee die wordt bepaald.",
                                "State a period, or the event and criteria that determine it."))
    if not profile.retention and profile.retention_text is not None:
        words = profile.retention_text.pick(language)[0]
        if VAGUE_RETENTION.search(words) and not re.search(r"\d", words):
            yield Hit(("retention_text",),
                      Words(f"De verklaring noemt alleen dat gegevens niet langer dan nodig worden bewaard: “{words.strip()}”",
                            f"The statement only says data is not kept longer than necessary: “{words.strip()}”"),
                      Words("Noem per soort gegevens een termijn, of de criteria waarmee die wordt bepaald.",
                            "State a period per kind of data, or the criteria that determine it."))


# Art. 12(5) lets a controller refuse a request only where it is manifestly unfounded or excessive
# (and Art. 15(4) a copy that would harm others): effort, cost or technical burden are no ground.
REFUSAL = re.compile(r"\b(?:weiger\w*|niet (?:te )?voldoen|refuse\w*|decline\w*)\b", re.IGNORECASE)
NO_GROUND = re.compile(
    r"(?:[\w-]+\s+){0,2}\b(?:technische? (?:inspanning\w*|gevolgen)|inspanning\w*|kosten|onevenredig\w*|"
    r"technical (?:effort|burden|consequences)|effort|costs?|disproportionate\w*)\b(?:\s+[\w-]+){0,1}", re.IGNORECASE)


@rule("rights.refusal", "error", "Art. 12(5), Art. 15(4)", "Weigeringsgronden", "Grounds for refusing a request")
def refusal_grounds(statement: Statement) -> Iterator[Hit]:
    language = statement.profile.language
    for location, text in statement.texts:
        if location[0] != "rights":
            continue
        content = text.pick(language)[0]
        for sentence in re.split(r"(?<=[.!?])\s+", content):
            ground = NO_GROUND.search(sentence) if REFUSAL.search(sentence) else None
            if ground:
                quote = " ".join(ground.group(0).split())
                yield Hit(location,
                          Words(f"Een verzoek wordt geweigerd op een grond die de AVG niet kent: “{quote}”",
                                f"A request may be refused on a ground the GDPR does not allow: “{quote}”"),
                          Words("Weiger alleen kennelijk ongegronde of buitensporige verzoeken (art. 12 lid 5 AVG), en "
                                "een kopie die de rechten van anderen schaadt (art. 15 lid 4).",
                                "Refuse only manifestly unfounded or excessive requests (Art. 12(5) GDPR), and a copy "
                                "that would harm the rights of others (Art. 15(4))."))
                break
