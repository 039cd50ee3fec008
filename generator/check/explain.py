"""What each rule of the GDPR check looks for, with an example: `privgen check --explain RULE`."""

from __future__ import annotations

from generator.check import checker  # noqa: F401  (importing it registers every rule)
from generator.check.findings import RULES

# rule id → (what it checks, an example of what it reports)
EXPLANATIONS: dict[str, tuple[str, str]] = {
    "cookies.refusal": ("Blocking cookies in the browser is no way to refuse them: consent is asked before they "
                        "are placed, refusing as easy as accepting.",
                        "Clavis: 'kunt u via uw webbrowser het gebruik van cookies blokkeren'."),
    "processor.role": ("A purpose the organisation serves as its customers' processor (for_customers) is the "
                       "customers' to inform about (Art. 28): no basis or period is asked for it here; said once.",
                       "Softwarebedrijf processes its customers' data in the systems it provides, under a "
                       "verwerkersovereenkomst."),
    "transfer.provider": ("A recipient or cookie provider with no country stated that is a well-known company "
                          "outside the EEA (generator/profile/providers.py, each with a source), or that the "
                          "statement itself places there ('het Amerikaanse bedrijf'), has a stated transfer.",
                          "Kaviaarshop uses AddThis (Oracle, United States) and states no transfer."),
    "recipients.missing": ("A third party whose cookies the site places receives what they record, so it is "
                           "among the recipients (by its name or its brand: Facebook is Meta's).",
                           "Clavis's social media cookies are placed by Facebook, which its recipients leave out."),
    "art14.inferred": ("Data about a customer's staff comes from the customer, so Art. 14 applies: the source "
                       "and the categories obtained are stated, even where the profile enters no source.",
                       "Vloet keeps contact details of 'andere bij de cliënt werkzame medewerkers' and names no "
                       "source."),
    "rights.refusal": ("A request is refused only where it is manifestly unfounded or excessive (Art. 12(5)), or "
                       "a copy would harm others (Art. 15(4)); effort, cost or technical burden are no ground.",
                       "Clavis may refuse requests that 'onredelijk zware technische inspanningen vergen'."),
    "art13.1.a": ("The statement names the organisation that is responsible (the controller).",
                  "A statement that only says 'wij' and 'ons bedrijf' without a name."),
    "art13.1.a.contact": ("The statement gives a way to reach the controller: an address, and an e-mail "
                          "address or phone number; an error without any, a warning without an address.",
                          "Vloet's statement gives its KvK and VAT numbers but no address, e-mail or phone."),
    "art13.1.b": ("Whether a data protection officer is named; only some organisations must appoint one, so "
                  "this is information.", "No DPO (functionaris gegevensbescherming) in the statement."),
    "art13.1.c": ("The statement says what the data is used for.", "A statement with no purposes at all."),
    "art13.1.c.basis": ("Each purpose rests on a legal basis the statement links to it; where bases are listed "
                        "but none is linked, one finding says so.",
                        "'Marketing' as a purpose, with consent and contract listed but not linked to it."),
    "art13.1.d": ("Where legitimate interests are a basis, the interest itself is stated.",
                  "'Gerechtvaardigd belang' as a basis with no word on which interest."),
    "art13.1.e": ("The statement says who receives the data (recipients or categories of recipients).",
                  "No recipients and no sentence about sharing."),
    "art13.1.f": ("A recipient outside the EEA has a transfer with its safeguard; a transfer whose "
                  "safeguard is given only in the document's own words is a warning.",
                  "Google (US) receives analytics data and no transfer or safeguard is stated."),
    "art13.2.a": ("The statement says how long data is kept, or the criteria for it; a rule with no period, "
                  "no end and no criterion is a warning.", "'We bewaren uw toestemming' with no period."),
    "art13.2.b": ("The rights of access, rectification, erasure and restriction are each stated; objection "
                  "where processing rests on public task or legitimate interests or serves direct marketing "
                  "(Art. 21), portability where it rests on consent or a contract (Art. 20).",
                  "A statement that lists access and erasure only."),
    "art13.2.c": ("Where consent is a basis, the right to withdraw it at any time is stated.",
                  "A newsletter on consent with no word on withdrawing it."),
    "art13.2.d": ("The right to complain to the supervisory authority (the Autoriteit Persoonsgegevens) is "
                  "stated; a body named instead is named in the finding.",
                  "Clientbox refers to the 'Privacy Commissie', not the Autoriteit Persoonsgegevens."),
    "art13.2.e": ("Whether providing the data is a statutory or contractual requirement, and what happens if "
                  "it is not provided.", "A web shop that never says an address is needed to deliver."),
    "art13.2.f": ("Whether automated decision-making or profiling takes place: a warning where profiling, "
                  "marketing or social-media cookies are in view, else information.",
                  "A statement with targeted marketing and no word on profiling."),
    "art14.1.d": ("Where data comes from others, the categories of data are listed.",
                  "Data bought from a list broker with no categories named."),
    "art14.2.f": ("Where data comes from others, the source is named.", "'Van derden' with no source named."),
    "cookies.consent": ("Each cookie above strictly necessary is covered by consent for its own tier: the "
                        "statement says what a visitor consents to in that tier, or a consent basis names cookies "
                        "or a purpose they serve; consent for something else (a newsletter) does not count.",
                        "Kaviaarshop places Google Analytics cookies; the only consent it asks is to be "
                        "contacted later."),
    "cookies.transfer": ("A third-party cookie from outside the EEA has a transfer safeguard, unless "
                         "art13.1.f already reports its provider.", "A US provider's cookie with no transfer."),
    "cookies.necessary": ("Cookies of advertising or social networks are never 'strictly necessary'.",
                          "A Facebook cookie in the necessary tier."),
    "cookies.category": ("A cookie the Open Cookie Database knows by its name is declared in a lower tier than its "
                         "category (analytics: tier 2; marketing: tier 3).", "_ga in the necessary tier."),
    "cookies.no_banner": ("Information: no cookie above strictly necessary, so no consent to ask and no banner.",
                          "A statement whose only cookie keeps the shopping basket."),
    "recipients.activity": ("Each recipient's role or task is described.", "'MailChimp' with no word on what it does."),
    "complaints.authority": ("An authority named for complaints is the Dutch one where the organisation is in "
                             "the Netherlands.", "A Dutch shop that names the Belgian authority."),
    "law.repealed": ("References to law repealed on 25 May 2018 (the Wbp, the CBP), and its rules in substance: "
                     "the Wbp's breach-notification threshold ('aanzienlijke kans op ernstige nadelige gevolgen').",
                     "'In overeenstemming met de Wet bescherming persoonsgegevens (WBP)'."),
    "retention.category": ("Each category of data has a retention rule, where the statement's rules name "
                           "their data; rules that name no data cover all of it, and a rule about people "
                           "(retention[].subjects) all of theirs.",
                           "Camera images listed, while no rule says how long they are kept."),
    "retention.vague": ("A retention rule given only as an open-ended criterion ('as long as necessary', 'as "
                        "long as we expect business') sets no limit (WP260).",
                        "'Zolang het de verwachting is dat zij vaker diensten bij ons zullen afnemen'."),
    "version.date": ("Information: the statement has no effective date.", "A statement that says 'versie 2.0' only."),
    "language.parity": ("Every text has each language the statement is published in.",
                        "An introduction in Dutch only on a statement published in Dutch and English."),
    "consent.deemed": ("Consent inferred from an act that is no unambiguous consent: visiting, using the site, "
                       "submitting a form, creating an account (Art. 4(11), 7).",
                       "'Wanneer je onze website bezoekt … geef je uitdrukkelijke goedkeuring'."),
    "personal.denied": ("Data said not to be personal data or not to identify anyone, which IP addresses, "
                        "cookie ids and device data usually are (Recital 30; CJEU C-582/14 Breyer).",
                        "'Deze gegevens (uw IP-adres, webbrowser) zijn geen persoonsgegevens'."),
    "text.leftover": ("Template text or a blank left in: <naam …>, [bedrijfsnaam], {{…}}, 'van . Deze'.",
                      "'Ons bedrijf heeft een servicecontract afgesloten met <naam systeembeheerder>'."),
    "readability": ("Information per section: Flesch-Douma (nl) or Flesch reading ease (en); below 30 is "
                    "'very hard' and worth rewriting.", "A 60-word sentence of legal terms."),
}


def explanation(rule_id: str, lang: str = "en") -> str:
    """The text `privgen check --explain` prints for one rule."""
    rule = next((r for r in RULES if r.id == rule_id), None)
    if rule is None:
        raise KeyError(rule_id)
    what, example = EXPLANATIONS[rule.id]
    return "\n".join([f"{rule.id} — {rule.title(lang)} ({rule.title('nl' if lang != 'nl' else 'en')})",
                      f"Severity: {rule.severity}. Rests on: {rule.article}.", "", what, "", f"Example: {example}"])
