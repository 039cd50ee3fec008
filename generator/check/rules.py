"""The GDPR rules: Art. 13 and 14 items, each conditional as the law is (consistency rules are in
consistency.py, rules that read the statement's words in wording.py).

Each rule yields a Hit for every place it finds wanting; a rule that finds nothing yields nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.profile import vocabulary as vocab
from generator.check.findings import Hit, rule
from generator.profile.text import Words
from generator.profile.model import Profile, Recipient
from generator.profile.site import Statement

EEA = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO".split())
REQUIRED_RIGHTS = ("access", "rectification", "erasure", "restriction", "objection", "portability")
# Direct marketing: its processing may always be objected to (Art. 21(2)), whatever its basis.
DIRECT_MARKETING = frozenset({"marketing", "newsletter", "sales_promotion", "profiling"})


def untransferred(profile: Profile) -> list[tuple[int, Recipient, str]]:
    """Recipients outside the EEA that no stated transfer covers: index, recipient, country."""
    covered = {r for t in profile.transfers for r in t.recipients}
    return [(index, recipient, recipient.location.country) for index, recipient in enumerate(profile.recipients)
            if recipient.location and recipient.location.country and recipient.location.country not in EEA
            and recipient.id not in covered]


def stated_bases(profile: Profile) -> set[str]:
    """The Art. 6(1) bases the statement names (not those given only in its own words)."""
    return {b.basis for b in profile.legal_bases if b.basis is not None}


# --- Art. 13(1) ------------------------------------------------------------------------------

@rule("art13.1.a", "error", "Art. 13(1)(a)", "Identiteit van de verwerkingsverantwoordelijke",
      "Identity of the controller")
def controller_identity(statement: Statement) -> Iterator[Hit]:
    if statement.profile.controller.name is None:
        yield Hit(("controller", "name"),
                  Words("De verklaring noemt de organisatie niet die verantwoordelijk is.",
                        "The statement does not name the organisation responsible."),
                  Words("Vermeld de (statutaire) naam van de organisatie.", "Add the organisation's legal name."))


@rule("art13.1.a.contact", "error", "Art. 13(1)(a)", "Contactgegevens van de verwerkingsverantwoordelijke",
      "Contact details of the controller")
def controller_contact(statement: Statement) -> Iterator[Hit]:
    controller = statement.profile.controller
    if not (controller.addresses or controller.contacts or controller.privacy_contact):
        yield Hit(("controller",),
                  Words("Er staan geen contactgegevens in: geen adres, e-mailadres of telefoonnummer.",
                        "There are no contact details: no address, e-mail address or phone number."),
                  Words("Voeg een postadres en een e-mailadres toe (controller.addresses, controller.contacts).",
                        "Add a postal address and an e-mail address (controller.addresses, controller.contacts)."))
    elif not controller.addresses:
        yield Hit(("controller", "addresses"),
                  Words("Er staat geen adres van de organisatie in.", "The organisation's address is missing."),
                  Words("Voeg het (post)adres toe.", "Add the (postal) address."))


@rule("art13.1.b", "info", "Art. 13(1)(b)", "Functionaris gegevensbescherming", "Data protection officer")
def data_protection_officer(statement: Statement) -> Iterator[Hit]:
    if statement.profile.controller.dpo is None:
        yield Hit(("controller", "dpo"),
                  Words("Geen functionaris gegevensbescherming (FG) vermeld.", "No data protection officer stated."),
                  Words("Heeft de organisatie een FG aangesteld, vermeld dan diens contactgegevens.",
                        "If the organisation has appointed a DPO, add their contact details."))


@rule("art13.1.c", "error", "Art. 13(1)(c)", "Doeleinden van de verwerking", "Purposes of the processing")
def purposes_stated(statement: Statement) -> Iterator[Hit]:
    if not statement.profile.purposes:
        yield Hit(("purposes",), Words("De verklaring noemt geen doeleinden.", "The statement names no purposes."),
                  Words("Noem waarvoor u de gegevens gebruikt.", "State what the data is used for."))


@rule("art13.1.c.basis", "warning", "Art. 13(1)(c)", "Grondslag per doel", "Legal basis for each purpose")
def basis_per_purpose(statement: Statement) -> Iterator[Hit]:
    profile = statement.profile
    if not stated_bases(profile):
        # none at all, or only the document's own words, which name none of the bases of Art. 6(1)
        if profile.purposes:
            yield Hit(("legal_bases",), Words("De verklaring noemt geen enkele grondslag uit art. 6 lid 1 AVG.",
                                              "The statement names no legal basis of Art. 6(1) GDPR at all."),
                      Words("Noem per doel de grondslag uit art. 6 lid 1 AVG.",
                            "State the Art. 6(1) GDPR basis for each purpose."), severity="error")
        return
    linked = {p for b in profile.legal_bases for p in b.purposes}
    open_purposes = [(index, p) for index, p in enumerate(profile.purposes)
                     if p.id not in linked and not p.for_customers]  # a processor's work: processor.role
    if open_purposes and any(not b.purposes for b in profile.legal_bases):
        # one fact: bases are listed without saying which purpose rests on which (a blanket list)
        names = Words(*(", ".join(f"'{vocab.PURPOSES[p.type].label(lang)}'" for _, p in open_purposes)
                        for lang in ("nl", "en")))
        yield Hit(("legal_bases",),
                  Words(f"De verklaring noemt grondslagen zonder te zeggen welk doel op welke rust; zonder grondslag "
                        f"blijven: {names.nl}.",
                        f"The statement lists legal bases without saying which purpose rests on which; left without "
                        f"a basis: {names.en}."),
                  Words("Zeg per doel op welke grondslag het rust (legal_bases[].purposes).",
                        "Say on which basis each purpose rests (legal_bases[].purposes)."))
        return
    for index, purpose in open_purposes:
        yield Hit(("purposes", index),
                  Words(f"Bij het doel '{vocab.PURPOSES[purpose.type].nl}' staat geen grondslag.",
                        f"No legal basis is given for the purpose '{vocab.PURPOSES[purpose.type].en}'."),
                  Words(f"Koppel een grondslag aan dit doel (legal_bases[].purposes: [{purpose.id}]).",
                        f"Link a legal basis to it (legal_bases[].purposes: [{purpose.id}])."))


@rule("processor.role", "info", "Art. 28; Art. 13", "Verwerking voor klanten", "Processing for customers")
def processing_for_customers(statement: Statement) -> Iterator[Hit]:
    for index, purpose in enumerate(statement.profile.purposes):
        if purpose.for_customers:
            yield Hit(("purposes", index),
                      Words(f"'{vocab.PURPOSES[purpose.type].nl}' doet de organisatie als verwerker voor haar klanten: "
                            "de mensen om wie het gaat informeren die klanten, met hun eigen grondslag en termijnen.",
                            f"'{vocab.PURPOSES[purpose.type].en}' is done as the customers' processor: those "
                            "customers inform the people concerned, with their own basis and periods."),
                      Words("Geen actie nodig voor deze verklaring; zorg voor een verwerkersovereenkomst (art. 28 AVG).",
                            "No action needed in this statement; have a data processing agreement (Art. 28 GDPR)."))
            return  # said once


@rule("art13.1.d", "error", "Art. 13(1)(d)", "Het gerechtvaardigd belang", "The legitimate interest pursued")
def legitimate_interest_explained(statement: Statement) -> Iterator[Hit]:
    for index, basis in enumerate(statement.profile.legal_bases):
        if basis.basis == "legitimate_interests" and basis.text is None:
            yield Hit(("legal_bases", index, "text"),
                      Words("Gerechtvaardigd belang als grondslag, maar welk belang staat er niet.",
                            "Legitimate interests are relied on, but the interest is not stated."),
                      Words("Beschrijf het belang dat u nastreeft.", "Describe the interest pursued."))


@rule("art13.1.e", "error", "Art. 13(1)(e)", "Ontvangers", "Recipients")
def recipients_stated(statement: Statement) -> Iterator[Hit]:
    profile = statement.profile
    if not profile.recipients and profile.recipients_text is None:
        yield Hit(("recipients",), Words("De verklaring zegt niet wie de gegevens ontvangt.",
                                         "The statement does not say who receives the data."),
                  Words("Noem de ontvangers of categorieën ontvangers, ook verwerkers.",
                        "Name the recipients or categories of recipients, processors included."))


@rule("art13.1.f", "error", "Art. 13(1)(f)", "Doorgifte buiten de EER", "Transfers outside the EEA")
def transfers_outside_eea(statement: Statement) -> Iterator[Hit]:
    profile = statement.profile
    for index, recipient, country in untransferred(profile):
        name = recipient.name or recipient.id
        yield Hit(("recipients", index, "location"),
                  Words(f"{name} zit buiten de EER ({country}), maar er staat geen doorgifte bij.",
                        f"{name} is outside the EEA ({country}), but no transfer is stated."),
                  Words("Voeg een doorgifte toe met de waarborg (transfers).",
                        "Add a transfer with its safeguard (transfers)."))
    for index, transfer in enumerate(profile.transfers):
        if transfer.safeguard is None:
            yield Hit(("transfers", index, "safeguard"),
                      Words("Bij een doorgifte buiten de EER staat de waarborg alleen in eigen woorden, zonder te "
                            "zeggen welke het is.",
                            "A transfer outside the EEA gives its safeguard only in its own words, without "
                            "saying which one it is."),
                      Words("Noem het adequaatheidsbesluit of de waarborg (art. 46/47/49) en hoe men een kopie krijgt.",
                            "State the adequacy decision or safeguard (Art. 46/47/49) and how to get a copy."),
                      severity="warning")
        elif transfer.safeguard == "not_stated":
            yield Hit(("transfers", index, "safeguard"),
                      Words("Bij een doorgifte buiten de EER staat geen waarborg.",
                            "A transfer outside the EEA has no safeguard."),
                      Words("Noem het adequaatheidsbesluit of de waarborg (art. 46/47/49) en hoe men een kopie krijgt.",
                            "State the adequacy decision or safeguard (Art. 46/47/49) and how to get a copy."))


# --- Art. 13(2) ------------------------------------------------------------------------------

@rule("art13.2.a", "error", "Art. 13(2)(a)", "Bewaartermijn", "Retention period")
def retention_stated(statement: Statement) -> Iterator[Hit]:
    profile = statement.profile
    if not profile.retention and profile.retention_text is None:
        yield Hit(("retention",), Words("De verklaring zegt niet hoe lang gegevens worden bewaard.",
                                        "The statement does not say how long data is kept."),
                  Words("Noem per soort gegevens de bewaartermijn of de criteria daarvoor.",
                        "State the retention period, or its criteria, per kind of data."))
    for index, item in enumerate(profile.retention):
        # a criterion in the document's words is a stated end; retention.vague judges it
        if item.duration is None and item.until is None and item.criterion is None:
            yield Hit(("retention", index),
                      Words("Bij deze bewaarregel staat geen termijn en geen einde.",
                            "This retention rule states no period and no end."),
                      Words("Noem een termijn (duration) of het moment waarop de gegevens worden verwijderd (until).",
                            "Add a period (duration) or the event that ends it (until)."), severity="warning")


@rule("art13.2.b", "error", "Art. 13(2)(b)", "Rechten van betrokkenen", "Rights of the data subject")
def rights_stated(statement: Statement) -> Iterator[Hit]:
    profile = statement.profile
    rights = profile.rights
    stated = {item.right for item in rights.items} if rights else set()
    bases = stated_bases(profile)
    applies = {
        # Art. 21(1) and (2): against public-task or legitimate-interest processing, and direct marketing
        "objection": bool(bases & {"public_task", "legitimate_interests"})
        or any(p.type in DIRECT_MARKETING for p in profile.purposes),
        # Art. 20(1)(a): processing on consent or a contract
        "portability": bool(bases & {"consent", "contract"}),
    }
    for right in REQUIRED_RIGHTS:
        if right not in stated and applies.get(right, True):
            term = vocab.RIGHTS[right]
            yield Hit(("rights", "items"),
                      Words(f"Het {term.nl} ({term.note}) ontbreekt.", f"The {term.en} ({term.note}) is missing."),
                      Words(f"Vermeld het {term.nl} en hoe men het uitoefent.",
                            f"State the {term.en} and how to exercise it."))


@rule("art13.2.c", "error", "Art. 13(2)(c)", "Toestemming intrekken", "Withdrawing consent")
def withdraw_consent(statement: Statement) -> Iterator[Hit]:
    profile = statement.profile
    if "consent" not in stated_bases(profile):
        return
    rights = profile.rights
    if not rights or not any(item.right == "withdraw_consent" for item in rights.items):
        yield Hit(("rights", "items"),
                  Words("Toestemming is een grondslag, maar het recht om die altijd in te trekken staat er niet.",
                        "Consent is a legal basis, but the right to withdraw it at any time is not stated."),
                  Words("Vermeld dat en hoe men toestemming op elk moment kan intrekken.",
                        "State that, and how, consent can be withdrawn at any time."))


@rule("art13.2.d", "error", "Art. 13(2)(d)", "Klacht bij de toezichthouder", "Complaint to a supervisory authority")
def complaint_authority(statement: Statement) -> Iterator[Hit]:
    complaints = statement.profile.complaints
    if not any(c.body == "supervisory_authority" for c in complaints):
        others = [c.name for c in complaints if c.body == "other" and c.name]
        named = Words(f" (wel genoemd: {', '.join(others)})", f" (named instead: {', '.join(others)})") if others \
            else Words("", "")
        yield Hit(("complaints",),
                  Words(f"Het recht om een klacht in te dienen bij de Autoriteit Persoonsgegevens staat er niet{named.nl}.",
                        f"The right to lodge a complaint with the supervisory authority is not stated{named.en}."),
                  Words("Vermeld de Autoriteit Persoonsgegevens en hoe men daar klaagt.",
                        "Name the Autoriteit Persoonsgegevens and how to complain there."))


@rule("art13.2.e", "warning", "Art. 13(2)(e)", "Verplichting om gegevens te verstrekken",
      "Requirement to provide data")
def provision_requirement(statement: Statement) -> Iterator[Hit]:
    if not statement.profile.provision:
        yield Hit(("provision",),
                  Words("Er staat niet of men de gegevens moet verstrekken en wat er gebeurt als men dat niet doet.",
                        "It does not say whether providing the data is required and what happens if not."),
                  Words("Vermeld of het verstrekken wettelijk of contractueel verplicht is en de gevolgen.",
                        "State whether providing the data is a statutory or contractual requirement, and the consequences."))


@rule("art13.2.f", "warning", "Art. 13(2)(f)", "Geautomatiseerde besluitvorming", "Automated decision-making")
def automated_decisions(statement: Statement) -> Iterator[Hit]:
    profile = statement.profile
    decisions = profile.automated_decisions
    if decisions is None or decisions.used is None:
        # only a duty where there is something to tell: signs of profiling or advertising
        signs = any(p.type in ("profiling", "marketing") for p in profile.purposes) or any(
            c.tier == "social" for c in profile.cookie_items)
        yield Hit(("automated_decisions",),
                  Words("Er staat niet of er geautomatiseerde besluitvorming of profilering plaatsvindt.",
                        "It does not say whether automated decision-making or profiling takes place."),
                  Words("Vermeld of dat gebeurt; zo ja, de logica, het belang en de gevolgen.",
                        "State whether it does; if so, the logic, significance and consequences."),
                  severity=None if signs else "info")
    elif decisions.used and decisions.text is None:
        yield Hit(("automated_decisions", "text"),
                  Words("Geautomatiseerde besluitvorming zonder uitleg van logica en gevolgen.",
                        "Automated decision-making without its logic and consequences."),
                  Words("Beschrijf de logica, het belang en de verwachte gevolgen.",
                        "Describe the logic, significance and envisaged consequences."))


# --- Art. 14: data not obtained from the person ----------------------------------------------

def _indirect_sources(profile: Profile) -> list[int]:
    return [i for i, s in enumerate(profile.sources) if s.type in ("third_party", "public")]


@rule("art14.1.d", "error", "Art. 14(1)(d)", "Categorieën van gegevens", "Categories of personal data")
def indirect_categories(statement: Statement) -> Iterator[Hit]:
    profile = statement.profile
    if _indirect_sources(profile) and not profile.data_categories:
        yield Hit(("data_categories",),
                  Words("Gegevens komen (ook) van anderen, maar de soorten gegevens staan er niet.",
                        "Data is (also) obtained from others, but the categories of data are not listed."),
                  Words("Noem de categorieën persoonsgegevens.", "List the categories of personal data."))


@rule("art14.2.f", "error", "Art. 14(2)(f)", "Bron van de gegevens", "Source of the data")
def indirect_source_named(statement: Statement) -> Iterator[Hit]:
    for index in _indirect_sources(statement.profile):
        if statement.profile.sources[index].text is None:
            yield Hit(("sources", index),
                      Words("Een bron buiten de betrokkene wordt niet bij naam genoemd.",
                            "A source other than the person is not named."),
                      Words("Noem de bron en of die openbaar is.", "Name the source and whether it is public."))
