"""Each example page says what its source document says, no more and no less.

One claim per sentence of a seed document (../shared/seeds/) that privgen could get wrong: the
sentence as the document has it, what the page must then say, and what it must not say. The
Dutch page of the version that models the seed is checked, part by part (the first layer, a
section of the full text); an English claim checks the English page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

# The version of each organisation that models its seed document (later versions are examples).
SEED_VERSIONS = {"clavis": "v1", "clientbox": "2.0", "kaviaarshop": "2018-04-30", "softwarebedrijf": "v1",
                 "vloet": "20180522"}


@dataclass(frozen=True)
class Claim:
    document: str
    """The sentence of the seed document, verbatim (shortened with …)."""
    says: tuple[str, ...] = ()
    never: tuple[str, ...] = ()
    part: str = "main"
    """Where on the page: 'main', 'summary' (the first layer) or a section's id."""
    lang: str = "nl"


CLAIMS: dict[str, list[Claim]] = {
    "clavis": [
        Claim("Als wij uw gegevens willen doorgeven buiten Europa, … bijvoorbeeld door middel van een contract "
              "waarop de EU Model Clauses van toepassing zijn.",
              says=("bijvoorbeeld door middel van een contract waarop de EU Model Clauses van toepassing zijn",),
              never=("modelcontractbepalingen", "Waarborg:", "art. 46"), part="transfers"),
        Claim("In dat geval zal de wetgeving over gegevensbescherming van het derde land door de Europese Commissie "
              "zijn goedgekeurd of zullen er andere toepasselijke waarborgen zijn ingesteld.",
              says=("door de Europese Commissie zijn goedgekeurd of zullen er andere toepasselijke waarborgen",),
              never=("adequaatheidsbesluit", "art. 45"), part="transfers"),
        Claim("Kentekens en camerabeelden wanneer u ons gebouw aan … De Liesbosch 4b en 4c in Nieuwegein en "
              "Kruisstraat 34 in Delft bezoekt.",
              says=("De Liesbosch 4b en 4c, Nieuwegein (gebouw)", "Kruisstraat 34, Delft (gebouw)"),
              never=("Nieuwegein (vestiging)", "Delft (vestiging)"), part="controller"),
        Claim("statutair gevestigd en kantoorhoudende in (1016 TL) Amsterdam, aan de Marnixstraat 252",
              says=("Marnixstraat 252",), never=("Liesbosch", "Kruisstraat"), part="contact"),
        Claim("Camerabeelden bewaren we niet langer dan 4 maanden. Tenzij we iets verdachts zien …",
              says=("Camerabeelden: ten hoogste 4 maanden, tenzij we iets verdachts zien",), part="summary"),
        Claim("Opgenomen telefoongesprekken verwijderen we standaard na 30 dagen, tenzij we een wettelijke "
              "verplichting hebben om een gesprek langer te bewaren.",
              says=("30 dagen, tenzij we een wettelijke verplichting hebben",), part="summary"),
        Claim("In alle gevallen geldt dat Clavis Beheer BV in bepaalde gevallen uw gegevens langer zal bewaren …",
              says=("In alle gevallen geldt dat Clavis Beheer BV in bepaalde gevallen uw gegevens langer zal bewaren",),
              part="summary"),
        Claim("De leveranciers van die systemen kunnen daardoor ook persoonsgegevens van u verwerken.",
              says=("De leveranciers van die systemen kunnen daardoor ook persoonsgegevens van u verwerken",),
              never=("verwerker", "overige ontvanger", "overheidsinstantie"), part="recipients"),
        Claim("Clavis Beheer BV verstrekt uw persoonsgegevens niet aan derden …, tenzij Clavis Beheer BV daartoe "
              "gehouden is op grond van een wettelijke bepaling of een rechterlijke uitspraak.",
              says=("tenzij Clavis Beheer BV daartoe gehouden is op grond van een wettelijke bepaling",),
              never=("bevoegde autoriteit",), part="recipients"),
        Claim("Het gebruik van uw persoonsgegevens is noodzakelijk voor: De uitvoering van overeenkomsten met onze "
              "klanten. …",
              says=("Uitvoering van een overeenkomst (art. 6 lid 1 sub b AVG)", "Gerechtvaardigd belang (art. 6 lid 1 sub f AVG)"),
              part="legal-bases"),
        Claim("De naam van de organisatie waarvoor u werkt of die u vertegenwoordigt, uw functienaam of functietitel.",
              says=("functie- en organisatiegegevens",), never=("werkgegevens",), part="summary"),
        Claim("Er wordt gebruikgemaakt van drie soorten cookie-instellingen: … (the lists repeat the lower tiers)",
              never=("Omvat ook alles",), part="cookies"),
        Claim("U heeft recht op inzage van uw persoonsgegevens.",
              says=("Right of access (Art. 15 GDPR)", "You have the right to access your personal data."),
              part="rights", lang="en"),
    ],
    "clientbox": [
        Claim("Wanneer je onze website bezoekt, een (demo)account aanmaakt … geef je uitdrukkelijke goedkeuring, "
              "door een mededeling of een opt-in, …",
              says=("geef je uitdrukkelijke goedkeuring, door een mededeling of een opt-in",),
              never=("toestemming", "art. 6"), part="legal-bases"),
        Claim("Wij verzamelen alle persoonsgegevens op servers welke zijn gevestigd in een datacenter binnen de EU.",
              says=("in een datacenter binnen de EU",), never=("gecertificeerd",), part="security"),
        Claim("Wanneer het noodzakelijk is dat we jouw gegevens delen met derden is de betreffende derde partij "
              "verplicht om je persoonsgegevens te gebruiken in overeenstemming met deze privacyverklaring.",
              never=("verwerker", "zelfstandig verantwoordelijke", "overige ontvanger"), part="recipients"),
        Claim("Met het oog op het detecteren van gelijkaardige profielen zoals het jouwe, … (a disclosure, not a purpose)",
              says=("gelijkaardige profielen",), part="recipients"),
        Claim("(the same sentence, listed among disclosures only)", never=("profilering",), part="summary"),
        Claim("Tenzij een langere bewaartermijn vereist of gerechtvaardigd is door de wet …, bewaren we jouw "
              "persoonsgegevens alleen gedurende de periode die noodzakelijk is voor het behalen en het vervullen van "
              "de doelen …",
              says=("Jouw persoonsgegevens: alleen gedurende de periode die noodzakelijk is voor het behalen en het "
                    "vervullen van de doelen, tenzij een langere bewaartermijn vereist",),
              part="summary"),
        Claim("per post: Clientbox B.V., Lange Nobelstraat 2a, 4301HE Zierikzee (Nederland)",
              says=("Lange Nobelstraat 2a, 4301 HE Zierikzee (postadres)",), never=("kantoor",), part="controller"),
        Claim("VERSIE 2.0", says=("Versie 2.0",), never=("VERSIE", "Versie versie"), part="main"),
        Claim("Je kunt kosteloos een beroep doen op deze rechten via privacy@clientbox.nl.",
              says=("Je kunt kosteloos een beroep doen op deze rechten", "kosteloos"), part="rights"),
    ],
    "kaviaarshop": [
        Claim("Voor facturering en boekhouden worden de betaalgegevens opgeslagen in het softwarepakket van "
              "MyOnlinestore en tevens in Microsoft Outlook. Dit is beveiligd met Avast Premier.",
              says=("tevens in Microsoft Outlook. Dit is beveiligd met Avast Premier.",), part="security"),
        Claim("(the same sentence: Outlook is where data is kept, not who receives it)",
              never=("Microsoft Outlook", "boekhoudsoftware"), part="recipients"),
        Claim("Kaviaarshop maakt tevens gebruik op de site van zogenaamde AddThis: … een link gelegd … tussen uw "
              "persoonlijke Facebookaccount en onze site.",
              says=("AddThis",), part="recipients"),
        Claim("(AddThis is not said to place cookies)", never=("AddThis",), part="cookies"),
        Claim("Via onze website worden cookies geplaatst van het Amerikaanse bedrijf Google …",
              says=("Google",), never=("Waarborg:", "niet vermeld"), part="main"),
        Claim("Wij maken voor ons reguliere zakelijke e-mailverkeer gebruik van de diensten van . …",
              says=("E-maildienst", "Deze heeft geen toegang tot ons postvak"), never=("De verklaring noemt",),
              part="recipients"),
        Claim("Deze gegevens (bijvoorbeeld uw IP-adres, webbrowser en besturingssysteem) zijn geen persoonsgegevens.",
              says=("Deze gegevens zijn geen persoonsgegevens.",), never=("Volgens de verklaring",), part="data"),
        Claim("U ontvangt dan binnen 30 dagen een reactie op uw verzoek.", says=("binnen 30 dagen",), part="rights"),
        Claim("De ingangsdatum voor de geldigheid van deze voorwaarden is 30/04/2018",
              says=("In force from 30 April 2018",), never=("April 30, 2018",), part="main", lang="en"),
    ],
    "softwarebedrijf": [
        Claim("U heeft als relatie het recht om een verzoek in te dienen om de gegevens … in te zien, te laten "
              "verbeteren, te laten wissen of te minimaliseren.",
              says=("Het recht om een verzoek in te dienen om de gegevens te minimaliseren.",),
              never=("recht op beperking", "art. 18"), part="rights"),
        Claim("Uiteraard heeft u als relatie altijd de mogelijkheid om u uit te schrijven van de nieuwsbrief. "
              "(a way to unsubscribe, not named as a right)",
              never=("recht om toestemming in te trekken",), part="rights"),
        Claim("De categorieën van persoonsgegevens die wij verwerken van klanten zijn NAW-gegevens, …",
              says=("NAW-gegevens",), part="summary"),
        Claim("… met een maximale bewaartermijn van 12 maanden, tenzij ervan rechtswege een bewaarplicht geldt "
              "zoals voor contracten.",
              says=("ten hoogste 12 maanden na het einde van de overeenkomst, tenzij ervan rechtswege een "
                    "bewaarplicht geldt zoals voor contracten",),
              part="summary"),
        Claim("opslag in een ISO27001 gecertificeerd datacenter", says=("ISO27001 gecertificeerd datacenter",),
              part="security"),
        Claim("(the document never names the organisation)",
              never=("noemt de organisatie", "niet bij naam", "geen contactgegevens"), part="main"),
    ],
    "vloet": [
        Claim("Onder meer zullen wij vaststellen dat de betreffende partij de persoonsgegevens niet naar landen "
              "buiten de Europese Unie doorgeeft als die landen niet een privacybeschermingsniveau bieden dat "
              "minimaal gelijk is aan het niveau in Nederland.",
              says=("minimaal gelijk is aan het niveau in Nederland",),
              never=("adequaatheidsbesluit", "Waarborg:", "art. 45"), part="transfers"),
        Claim("Ontvangers van de nieuwsbrief kunnen overigens altijd, via de 'unsubscribe-knop' … aangeven de "
              "nieuwsbrief niet meer te willen ontvangen. (no retention period)",
              never=("tot u zich afmeldt",), part="main"),
        Claim("Ook kunnen zij daar aangeven onze nieuwsbrief … te willen ontvangen. (no legal basis named)",
              says=("specifiek toestemming",), part="legal-bases"),
        Claim("Ons bedrijf heeft een servicecontract afgesloten met <naam systeembeheerder>.",
              says=("<naam systeembeheerder>",), never=("verwerker", "noemt de systeembeheerder niet"),
              part="recipients"),
        Claim("(versie 20180522)", says=("Versie 20180522",), never=("Versie versie",), part="main"),
        Claim("Bij reguliere/vaste cliënten blijven de contactgegevens … staan, zolang het de verwachting is dat zij "
              "vaker diensten of producten bij ons zullen afnemen.",
              says=("zolang het de verwachting is dat zij vaker diensten of producten bij ons zullen afnemen",),
              never=("einde van de klantrelatie",), part="summary"),
    ],
}

# Privgen's own remarks about what a document leaves out belong in `privgen check`, not on the page.
GAP_REMARKS = ("De verklaring noemt", "Deze verklaring zegt", "niet vermeld", "not stated", "does not say",
               "noemt de organisatie", "geen contactgegevens", "This statement does not")


def page_of(build: Path, org: str, lang: str) -> str:
    folder = build / org / "versions" / SEED_VERSIONS[org]
    return ((folder if lang == "nl" else folder / lang) / "index.html").read_text(encoding="utf-8")


def part_of(page: str, part: str) -> str:
    if part == "main":
        html_part = page[page.index("<main"):page.index("</main>")]
    elif part == "summary":
        html_part = page[page.index('<section id="summary"'):page.index('<nav class="toc"')]
    else:
        start = page.index(f'<section id="{part}"')
        html_part = page[start:page.index("</section>", start)]
    without_tags = re.sub(r"<[^>]+>", " ", html_part)
    text = re.sub(r"\s+", " ", html.unescape(without_tags))
    return re.sub(r"(?<=[\w)]) ([.,:])(?= |$)", r"\1", text)  # "(Art. 15 GDPR) :" from "</span>:"


@pytest.mark.parametrize(("org", "claim"), [(org, claim) for org, claims in CLAIMS.items() for claim in claims],
                         ids=lambda value: value if isinstance(value, str) else value.document[:50])
def test_the_page_says_what_the_document_says(example_build: Path, org: str, claim: Claim) -> None:
    text = part_of(page_of(example_build, org, claim.lang), claim.part)
    assert [phrase for phrase in claim.says if phrase not in text] == []
    assert [phrase for phrase in claim.never if phrase in text] == []


@pytest.mark.parametrize("org", sorted(SEED_VERSIONS))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_page_makes_no_remarks_about_gaps(example_build: Path, org: str, lang: str) -> None:
    text = part_of(page_of(example_build, org, lang), "main")
    assert [remark for remark in GAP_REMARKS if remark in text] == []
