"""What the parts of a profile are called in a report a lawyer reads: never a field path or an id.

FIELDS names every field of the profile format in both languages (a test walks the model and
fails on one without a name); TITLES says which fields of an item make its title, in order of
preference; VALUES words the few fixed values that are no vocabulary term.
"""

from __future__ import annotations

from generator.profile import model as m
from generator.profile.text import Words

FIELDS: dict[str, Words] = {
    # the statement as a whole
    "title": Words("titel", "title"),
    "language": Words("taal van de verklaring", "language of the statement"),
    "address_form": Words("aanspreekvorm", "form of address"),
    "languages": Words("talen", "languages"),
    "version": Words("versie", "version"),
    "label": Words("naam van de versie", "name of the version"),
    "effective_date": Words("ingangsdatum", "effective date"),
    "scope": Words("reikwijdte", "scope"),
    "introduction": Words("inleiding", "introduction"),
    "controller": Words("verwerkingsverantwoordelijke", "controller"),
    "data_subjects": Words("betrokkenen", "data subjects"),
    "data_categories": Words("persoonsgegevens", "personal data"),
    "sources": Words("bronnen", "sources"),
    "purposes": Words("doelen", "purposes"),
    "legal_bases": Words("grondslagen", "legal bases"),
    "recipients": Words("ontvangers", "recipients"),
    "recipients_text": Words("toelichting bij de ontvangers", "remarks on the recipients"),
    "transfers": Words("doorgifte buiten de EER", "transfers outside the EEA"),
    "transfers_text": Words("toelichting bij de doorgifte", "remarks on transfers"),
    "retention": Words("bewaartermijnen", "retention"),
    "retention_text": Words("toelichting bij de bewaartermijnen", "remarks on retention"),
    "retention_unless": Words("uitzondering op de bewaartermijnen", "exception to the retention periods"),
    "security": Words("beveiliging", "security"),
    "security_text": Words("toelichting bij de beveiliging", "remarks on security"),
    "rights": Words("rechten", "rights"),
    "complaints": Words("klachten", "complaints"),
    "automated_decisions": Words("geautomatiseerde besluitvorming", "automated decision-making"),
    "special_processing": Words("camera's, opnamen en kentekens", "cameras, recordings and licence plates"),
    "marketing": Words("nieuwsbrieven en marketing", "newsletters and marketing"),
    "provision": Words("verplichting om gegevens te geven", "obligation to provide data"),
    "cookies": Words("cookies", "cookies"),
    "changes": Words("wijzigingen van de verklaring", "changes to the statement"),
    "notes": Words("overige informatie", "further information"),
    "theme": Words("huisstijl van de pagina's", "look of the pages"),
    "banner": Words("cookiebanner", "cookie banner"),
    # the controller
    "name": Words("naam", "name"),
    "entities": Words("rechtspersonen", "legal entities"),
    "relation": Words("relatie", "relation"),
    "registrations": Words("inschrijvingen", "registrations"),
    "kvk": Words("KvK-nummer", "Chamber of Commerce number"),
    "vat": Words("btw-nummer", "VAT number"),
    "iban": Words("IBAN", "IBAN"),
    "bic": Words("BIC", "BIC"),
    "addresses": Words("adressen", "addresses"),
    "street": Words("straat", "street"),
    "postcode": Words("postcode", "postcode"),
    "city": Words("plaats", "town"),
    "country": Words("land", "country"),
    "roles": Words("functie van het adres", "use of the address"),
    "websites": Words("websites", "websites"),
    "contacts": Words("contactgegevens", "contact details"),
    "channel": Words("kanaal", "channel"),
    "value": Words("adres of nummer", "address or number"),
    "privacy_contact": Words("contactpersoon voor privacy", "privacy contact"),
    "dpo": Words("functionaris gegevensbescherming", "data protection officer"),
    "role": Words("rol", "role"),
    "email": Words("e-mailadres", "email address"),
    "phone": Words("telefoonnummer", "phone number"),
    # items
    "type": Words("soort", "kind"),
    "for_customers": Words("als verwerker voor klanten", "as the customers' processor"),
    "text": Words("tekst", "wording"),
    "subjects": Words("betrokkenen", "data subjects"),
    "categories": Words("gegevens", "data"),
    "basis": Words("grondslag", "legal basis"),
    "category": Words("soort ontvanger", "kind of recipient"),
    "activity": Words("wat de ontvanger doet", "what the recipient does"),
    "location": Words("plaats van verwerking", "where it processes"),
    "destination": Words("bestemming", "destination"),
    "safeguard": Words("waarborg", "safeguard"),
    "subject": Words("onderwerp", "subject"),
    "duration": Words("termijn", "period"),
    "starts": Words("termijn loopt vanaf", "period starts at"),
    "until": Words("bewaard tot", "kept until"),
    "maximum": Words("ten hoogste", "at most"),
    "criterion": Words("criterium", "criterion"),
    "unless": Words("uitzondering", "exception"),
    "reason": Words("reden", "reason"),
    "right": Words("recht", "right"),
    "items": Words("onderdelen", "items"),
    "how": Words("hoe u ze uitoefent", "how to exercise them"),
    "contact": Words("contact", "contact"),
    "response_time": Words("reactietermijn", "response time"),
    "free_of_charge": Words("kosteloos", "free of charge"),
    "identification": Words("identificatie", "identification"),
    "body": Words("instantie", "authority"),
    "url": Words("webadres", "web address"),
    "used": Words("toegepast", "used"),
    "locations": Words("locaties", "locations"),
    "opt_out": Words("afmelden", "opting out"),
    "requirement": Words("verplichting", "requirement"),
    "consequence": Words("gevolg van niet geven", "consequence of not providing"),
    "tiers": Words("niveaus", "tiers"),
    "tier": Words("niveau", "tier"),
    "lets": Words("wat de bezoeker toestaat", "what the visitor allows"),
    "storage": Words("opslag", "storage"),
    "provider": Words("aanbieder", "provider"),
    "purpose": Words("doel", "purpose"),
    "party": Words("partij", "party"),
    "session": Words("sessiecookie", "session cookie"),
    "hosts": Words("sites waar de dienst laadt of naartoe stuurt", "sites the service loads from or sends to"),
    "notification": Words("hoe wijzigingen bekend worden gemaakt", "how changes are announced"),
    "heading": Words("kop", "heading"),
    "consent_mode": Words("Google Consent Mode", "Google Consent Mode"),
    "consent_log": Words("adres van het toestemmingslogboek", "address of the consent log"),
    "consent_lifetime": Words("geldigheid van een toestemming", "how long consent lasts"),
    "script_url": Words("adres van het bannerscript", "address of the banner script"),
    "statement_url": Words("adres van de verklaring", "address of the statement"),
    "accent": Words("accentkleur", "accent colour"),
    "accent_dark": Words("accentkleur in donkere modus", "accent colour in dark mode"),
    "logo": Words("logo", "logo"),
    "logo_alt": Words("tekst bij het logo", "logo text"),
}

# The fields whose value names an item, first the one it has: a document's own words before a
# vocabulary label where a document may say more than the label ("Hoe bezoekers onze site gebruiken").
TITLES: dict[type[m.Item], tuple[str, ...]] = {
    m.Entity: ("name",), m.Address: ("street",), m.Contact: ("value",),
    m.DataSubject: ("type",), m.DataCategory: ("text", "type"), m.Source: ("text", "type"),
    m.Purpose: ("text", "type"), m.LegalBasisStatement: ("basis", "text"), m.Recipient: ("name", "category"),
    m.Transfer: ("destination",), m.Retention: ("subject",), m.SecurityMeasure: ("type", "text"),
    m.Right: ("right", "text"), m.Complaint: ("name", "body"), m.SpecialProcessing: ("type",),
    m.Provision: ("requirement",), m.Cookie: ("name", "provider"), m.Note: ("heading",),
}

# Fixed values of a field that are no vocabulary term.
VALUES: dict[tuple[str, str], Words] = {
    ("storage", "cookie"): Words("cookie", "cookie"),
    ("storage", "local_storage"): Words("lokale opslag van de browser", "the browser's local storage"),
    ("address_form", "u"): Words("u", "formal (u)"),
    ("address_form", "je"): Words("je", "informal (je)"),
}

# Fields holding ids of other items of the same profile: where to find them.
REFERENCES: dict[str, str] = {
    "subjects": "data_subjects", "categories": "data_categories", "purposes": "purposes",
    "recipients": "recipients", "locations": "controller.addresses",
}
