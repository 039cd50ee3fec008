"""Controlled vocabularies: stable ids with Dutch and English labels, in the spirit of W3C DPV.

Profiles name things by id; pages show the label in the page's language. Adding a term here
makes it valid in profiles, in the JSON Schema and on the pages at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from generator.errors import nearest, quoted
from generator.profile.text import pick


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary."""

    id: str
    nl: str
    en: str
    note: str = ""  # e.g. the article of the GDPR the term stands for
    je: str = ""  # the Dutch label where it addresses the reader as 'je' rather than 'u'

    def label(self, lang: str, form: str = "u") -> str:
        return pick(lang, self.je if form == "je" and self.je else self.nl, self.en)


@dataclass(frozen=True)
class Vocabulary:
    """A named, ordered set of terms."""

    name: str
    terms: tuple[Term, ...]

    @cached_property
    def ids(self) -> tuple[str, ...]:
        return tuple(term.id for term in self.terms)

    @cached_property
    def _by_id(self) -> dict[str, Term]:
        # every label on every page is looked up here
        return {term.id: term for term in self.terms}

    def __getitem__(self, term_id: str) -> Term:
        return self._by_id[term_id]

    def check(self, value: str) -> str:
        """Return value if it is a term of this vocabulary; else explain what is valid."""
        if value in self._by_id:
            return value
        close = nearest(value, self.ids)
        hint = f" Did you mean '{close}'?" if close else ""
        raise ValueError(
            f"{quoted(value)} is not a known {self.name}.{hint} Expected one of: {', '.join(self.ids)}"
        )


def _vocabulary(name: str, *rows: tuple[str, ...]) -> Vocabulary:
    return Vocabulary(name, tuple(Term(*row) for row in rows))


LEGAL_BASES = _vocabulary(
    "legal basis",
    ("consent", "toestemming", "consent", "Art. 6(1)(a)"),
    ("contract", "uitvoering van een overeenkomst", "performance of a contract", "Art. 6(1)(b)"),
    ("legal_obligation", "wettelijke verplichting", "legal obligation", "Art. 6(1)(c)"),
    ("vital_interests", "vitaal belang", "vital interests", "Art. 6(1)(d)"),
    ("public_task", "taak van algemeen belang", "public task", "Art. 6(1)(e)"),
    ("legitimate_interests", "gerechtvaardigd belang", "legitimate interests", "Art. 6(1)(f)"),
)

DATA_CATEGORIES = _vocabulary(
    "data category",
    ("contact_details", "contactgegevens", "contact details"),
    ("name_address", "NAW-gegevens", "name and address details"),
    ("name", "naam", "name"),
    ("address", "adresgegevens", "address"),
    ("email_address", "e-mailadres", "email address"),
    ("phone_number", "telefoonnummer", "phone number"),
    ("account_credentials", "inloggegevens", "login credentials"),
    ("professional", "functie- en organisatiegegevens", "job and organisation details"),
    ("company_details", "bedrijfsgegevens", "company details"),
    ("billing", "factuur- en bestelgegevens", "billing and order details"),
    ("payment_details", "betaalgegevens", "payment details"),
    ("date_of_birth", "geboortedatum", "date of birth"),
    ("device_browser", "apparaat- en browsergegevens", "device and browser details"),
    ("website_usage", "gebruik van de website", "website usage"),
    ("ip_address", "IP-adres", "IP address"),
    ("location", "locatiegegevens", "location data"),
    ("cookie_data", "cookiegegevens", "cookie data"),
    ("message_content", "inhoud van berichten", "message content"),
    ("correspondence", "correspondentie", "correspondence"),
    ("communication_preferences", "communicatievoorkeuren", "communication preferences"),
    ("call_recordings", "opnames van telefoongesprekken", "call recordings"),
    ("camera_images", "camerabeelden", "camera images"),
    ("licence_plates", "kentekens", "licence plates"),
    ("other", "overige gegevens", "other data"),
)

DATA_SUBJECTS = _vocabulary(
    "data subject group",
    ("website_visitors", "websitebezoekers", "website visitors"),
    ("customers", "klanten", "customers"),
    ("former_customers", "oud-klanten", "former customers"),
    ("prospects", "potentiële klanten", "prospective customers"),
    ("business_contacts", "zakelijke relaties", "business contacts"),
    ("newsletter_subscribers", "abonnees van de nieuwsbrief", "newsletter subscribers"),
    ("client_staff", "medewerkers van klanten", "customers' staff"),
    ("site_visitors", "bezoekers van onze gebouwen", "visitors to our premises"),
    ("callers", "bellers", "callers"),
    ("account_holders", "accounthouders", "account holders"),
)

SOURCES = _vocabulary(
    "source",
    ("data_subject", "van uzelf", "from you", "", "van jezelf"),
    ("automatic", "automatisch verzameld", "collected automatically"),
    ("third_party", "van derden", "from third parties"),
    ("public", "uit openbare bronnen", "from public sources"),
)

PURPOSES = _vocabulary(
    "purpose",
    ("handle_enquiries", "berichten en vragen afhandelen", "handling messages and enquiries"),
    ("contract_performance", "uitvoering van de overeenkomst", "performing the contract"),
    ("service_delivery", "leveren van onze diensten", "delivering our services"),
    ("customer_support", "klantenservice en support", "customer support"),
    ("account_management", "beheer van accounts", "managing accounts"),
    ("relationship_management", "relatiebeheer", "relationship management"),
    ("marketing", "marketing", "marketing"),
    ("newsletter", "nieuwsbrief", "newsletter"),
    ("sales_promotion", "verkoopbevordering", "sales promotion"),
    ("customer_administration", "klantenadministratie", "customer administration"),
    ("billing", "facturering en betalingen", "billing and payments"),
    ("debt_collection", "debiteurenbeheer en incasso", "credit management and collection"),
    ("quotation", "offertes opstellen", "preparing quotations"),
    ("legal_obligation", "wettelijke verplichtingen nakomen", "meeting legal obligations"),
    ("internal_control", "interne controle", "internal control"),
    ("security", "beveiliging", "security"),
    ("website_improvement", "verbeteren van de website", "improving the website"),
    ("statistics", "statistiek", "statistics"),
    ("market_research", "klanttevredenheids- en marktonderzoek", "satisfaction and market research"),
    ("profiling", "profilering", "profiling"),
    ("liability", "aansprakelijkheid en rechtsverdediging", "liability and legal defence"),
    ("business_transfer", "overname van het bedrijf", "transfer of the business"),
    ("other", "overig doel", "other purpose"),
)

RECIPIENT_ROLES = _vocabulary(
    "recipient role",
    ("processor", "verwerker", "processor"),
    ("controller", "zelfstandig verantwoordelijke", "independent controller"),
    ("authority", "overheidsinstantie", "public authority"),
    ("other", "overige ontvanger", "other recipient"),
)

RECIPIENT_CATEGORIES = _vocabulary(
    "recipient category",
    ("webshop_platform", "webwinkelsoftware", "web shop software"),
    ("hosting", "webhosting", "web hosting"),
    ("email_service", "e-maildienst", "email service"),
    ("payment_service", "betaaldienst", "payment service"),
    ("accounting_software", "boekhoudsoftware", "accounting software"),
    ("it_supplier", "IT-leverancier", "IT supplier"),
    ("carrier", "transporteur", "carrier"),
    ("accountant", "accountant", "accountant"),
    ("legal_adviser", "juridisch adviseur", "legal adviser"),
    ("financial_adviser", "financieel adviseur", "financial adviser"),
    ("public_authority", "bevoegde autoriteit", "competent authority"),
    ("analytics", "webstatistiek", "web analytics"),
    ("social_media", "sociale media", "social media"),
    ("acquirer", "overnemende partij", "acquiring party"),
    ("other", "overige", "other"),
)

SAFEGUARDS = _vocabulary(
    "transfer safeguard",
    ("adequacy_decision", "adequaatheidsbesluit van de Europese Commissie",
     "European Commission adequacy decision", "Art. 45"),
    ("standard_contractual_clauses", "modelcontractbepalingen van de EU",
     "EU standard contractual clauses", "Art. 46(2)(c)"),
    ("binding_corporate_rules", "bindende bedrijfsvoorschriften", "binding corporate rules", "Art. 47"),
    ("data_privacy_framework", "EU-VS Data Privacy Framework", "EU–US Data Privacy Framework", "Art. 45"),
    ("derogation", "uitzondering voor een specifieke situatie", "derogation for a specific situation", "Art. 49"),
    ("not_stated", "niet vermeld", "not stated"),
)

RETENTION_EVENTS = _vocabulary(
    "retention event",
    ("collection", "het verzamelen", "collection"),
    ("contract_end", "het einde van de overeenkomst", "the end of the contract"),
    ("relationship_end", "het einde van de klantrelatie", "the end of the customer relationship"),
    ("last_contact", "het laatste contact", "the last contact"),
    ("purchase", "de aankoop", "the purchase"),
    ("account_inactive", "het inactief worden van het account", "the account becoming inactive"),
    ("unsubscribe", "u zich afmeldt", "you unsubscribe", "", "je je afmeldt"),
    ("consent_withdrawn", "u uw toestemming intrekt", "you withdraw your consent", "", "je je toestemming intrekt"),
    ("erasure_request", "u om verwijdering vraagt", "you ask for erasure", "", "je om verwijdering vraagt"),
    ("purpose_fulfilled", "het doel is bereikt", "the purpose is fulfilled"),
    ("legal_term_ends", "de wettelijke termijn afloopt", "the statutory period ends"),
)

SECURITY_MEASURES = _vocabulary(
    "security measure",
    ("encryption", "versleuteling", "encryption"),
    ("tls", "beveiligde verbinding (SSL/TLS)", "secure connection (SSL/TLS)"),
    ("firewall", "firewall", "firewall"),
    ("malware_protection", "beveiligingssoftware", "security software"),
    ("access_control", "toegangsbeheer", "access control"),
    ("authentication", "inloggen met gebruikersnaam en wachtwoord", "login with user name and password"),
    ("multi_factor", "meervoudige toegangsbeveiliging", "multi-factor access control"),
    ("backup", "back-ups", "backups"),
    ("certified_datacentre", "gecertificeerd datacenter", "certified data centre"),
    ("audit", "periodieke audits", "periodic audits"),
    ("software_updates", "actuele software", "up-to-date software"),
    ("confidentiality", "geheimhoudingsplicht", "duty of confidentiality"),
    ("processor_agreements", "afspraken met verwerkers", "agreements with processors"),
    ("breach_procedure", "procedure voor datalekken", "data breach procedure"),
    ("breach_register", "register van datalekken", "register of data breaches"),
    ("staff_awareness", "bewustwording van medewerkers", "staff awareness"),
    ("organisational", "organisatorische maatregelen", "organisational measures"),
    ("technical", "technische maatregelen", "technical measures"),
    ("records_of_processing", "verwerkingsregister", "records of processing"),
)

RIGHTS = _vocabulary(
    "data subject right",
    ("access", "recht op inzage", "right of access", "Art. 15"),
    ("rectification", "recht op rectificatie", "right to rectification", "Art. 16"),
    ("erasure", "recht op verwijdering", "right to erasure", "Art. 17"),
    ("restriction", "recht op beperking van de verwerking", "right to restriction of processing", "Art. 18"),
    ("portability", "recht op overdraagbaarheid", "right to data portability", "Art. 20"),
    ("objection", "recht van bezwaar", "right to object", "Art. 21"),
    ("withdraw_consent", "recht om toestemming in te trekken", "right to withdraw consent", "Art. 7(3)"),
    ("automated_decisions", "recht om niet onderworpen te worden aan geautomatiseerde besluitvorming",
     "right not to be subject to automated decision-making", "Art. 22"),
)

COOKIE_TIERS = _vocabulary(
    "cookie tier",
    ("necessary", "strikt noodzakelijk", "strictly necessary"),
    ("analytics", "analyse", "analytics"),
    ("social", "social media", "social media"),
)
TIER_ORDER: tuple[str, ...] = COOKIE_TIERS.ids
"""The cookie tiers from least to most: each includes the ones before it."""

CONSENT_MODE_GRANTS: dict[str, tuple[str, ...]] = {
    "necessary": ("security_storage", "functionality_storage"),
    "analytics": ("analytics_storage",),
    "social": ("ad_storage", "ad_user_data", "ad_personalization", "personalization_storage"),
}
"""Google Consent Mode v2: the parameters each tier grants (with every tier below it)."""

CONSENT_MODE_WAIT_MS = 500
"""How long Google's tags wait for the banner's update of Consent Mode's defaults (wait_for_update):
the banner loads async, after the page's own tags may have started."""

SPECIAL_PROCESSING = _vocabulary(
    "special processing",
    ("camera_surveillance", "cameratoezicht", "camera surveillance"),
    ("call_recording", "opnemen van telefoongesprekken", "call recording"),
    ("licence_plates", "registratie van kentekens", "licence plate registration"),
)

COMPLAINT_BODIES = _vocabulary(
    "complaint body",
    ("supervisory_authority", "toezichthouder", "supervisory authority"),
    ("controller", "de organisatie zelf", "the organisation itself"),
    ("other", "andere instantie", "other body"),
)

PROVISION_REQUIREMENTS = _vocabulary(
    "provision requirement",
    ("statutory", "wettelijk verplicht", "required by law"),
    ("contractual", "contractueel verplicht", "required by contract"),
    ("contract_prerequisite", "nodig om de overeenkomst te sluiten of uit te voeren",
     "needed to enter into or perform the contract"),
    ("voluntary", "vrijwillig", "voluntary"),
)

ADDRESS_ROLES = _vocabulary(
    "address role",
    ("registered_office", "statutaire vestiging", "registered office"),
    ("office", "kantoor", "office"),
    ("site", "vestiging", "site"),
    ("postal", "postadres", "postal address"),
    ("building", "gebouw", "building"),
)
CONTACT_ADDRESS_ROLES: frozenset[str] = frozenset({"registered_office", "office", "site", "postal"})
"""Roles that make an address a way to reach the organisation; a building the document only
mentions (where cameras are, say) is not one."""

CONTACT_CHANNELS = _vocabulary(
    "contact channel",
    ("email", "e-mail", "email"),
    ("phone", "telefoon", "phone"),
    ("web", "website", "website"),
    ("post", "post", "post"),
)

ENTITY_RELATIONS = _vocabulary(
    "entity relation",
    ("subsidiary", "dochteronderneming", "subsidiary"),
    ("parent", "moederonderneming", "parent company"),
    ("trade_name", "handelsnaam", "trade name"),
)

COOKIE_PARTIES = _vocabulary(
    "cookie party",
    ("first", "eigen cookie", "first-party"),
    ("third", "cookie van derden", "third-party"),
)

ALL: tuple[Vocabulary, ...] = (
    LEGAL_BASES, DATA_CATEGORIES, DATA_SUBJECTS, SOURCES, PURPOSES, RECIPIENT_ROLES,
    RECIPIENT_CATEGORIES, SAFEGUARDS, RETENTION_EVENTS, SECURITY_MEASURES, RIGHTS, COOKIE_TIERS,
    SPECIAL_PROCESSING, COMPLAINT_BODIES, PROVISION_REQUIREMENTS, ADDRESS_ROLES, CONTACT_CHANNELS,
    ENTITY_RELATIONS, COOKIE_PARTIES,
)
