"""Consistency rules: what the statement says must hang together and be current — recipients with
a stated task, the right supervisory authority, no repealed law, a retention period for each kind of
data, a date, and every text in every language the statement is published in."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from generator.check.findings import Hit, rule
from generator.profile import vocabulary as vocab
from generator.profile.site import Statement
from generator.profile.text import Words

REPEALED_LAW = re.compile(r"\b(Wet bescherming persoonsgegevens|Wbp|WBP|College bescherming persoonsgegevens|CBP)\b")
# The Wbp's breach-notification threshold (art. 34a): "leidt tot een aanzienlijke kans op ernstige
# nadelige gevolgen"; the GDPR's is lower (Art. 33: unless unlikely to result in a risk).
WBP_BREACH_THRESHOLD = re.compile(r"aanzienlijke \(?kans op\)? ernstige nadelige gevolgen", re.IGNORECASE)
GDPR_IN_FORCE = dt.date(2018, 5, 25)
DUTCH_AUTHORITY = "Autoriteit Persoonsgegevens"


@rule("recipients.activity", "warning", "Art. 13(1)(e); Art. 28", "Rol van verwerkers", "Role of processors")
def recipient_activity(statement: Statement) -> Iterator[Hit]:
    for index, recipient in enumerate(statement.profile.recipients):
        if recipient.activity is None:
            name = recipient.name or recipient.id
            yield Hit(("recipients", index, "activity"),
                      Words(f"Er staat niet wat {name} met de gegevens doet.", f"It does not say what {name} does with the data."),
                      Words("Beschrijf de rol en de taak van deze ontvanger.", "Describe this recipient's role and task."))


@rule("complaints.authority", "warning", "Art. 77", "De juiste toezichthouder", "The right supervisory authority")
def authority_matches_country(statement: Statement) -> Iterator[Hit]:
    profile = statement.profile
    countries = {a.country for a in profile.controller.addresses} or {"NL"}
    if "NL" not in countries:
        return
    for index, complaint in enumerate(profile.complaints):
        # a wrongly named authority; where none is named at all, art13.2.d says so (one finding)
        if complaint.body == "supervisory_authority" and complaint.name and \
                DUTCH_AUTHORITY.lower() not in complaint.name.lower():
            yield Hit(("complaints", index, "name"),
                      Words(f"'{complaint.name}' is niet de Nederlandse toezichthouder.",
                            f"'{complaint.name}' is not the Dutch supervisory authority."),
                      Words("Verwijs naar de Autoriteit Persoonsgegevens.", "Refer to the Autoriteit Persoonsgegevens."))


@rule("law.repealed", "warning", "Art. 94; Uitvoeringswet AVG", "Vervallen wetgeving", "Repealed law")
def repealed_law(statement: Statement) -> Iterator[Hit]:
    effective = statement.profile.version.effective_date
    if effective is not None and effective < GDPR_IN_FORCE:
        return
    for location, text in statement.texts:
        for _, content in text.by_lang:
            match = REPEALED_LAW.search(content)
            threshold = WBP_BREACH_THRESHOLD.search(content)
            if match:
                yield Hit(location,
                          Words(f"Verwijst naar '{match.group(0)}', vervallen sinds 25 mei 2018.",
                                f"Refers to '{match.group(0)}', repealed on 25 May 2018."),
                          Words("Verwijs naar de AVG en de Uitvoeringswet AVG.",
                                "Refer to the GDPR (AVG) and the Dutch GDPR Implementation Act."))
                break
            if threshold:
                quote = " ".join(threshold.group(0).split())
                yield Hit(location,
                          Words(f"Gebruikt de meldgrens voor datalekken van de vervallen Wbp: “{quote}”. Onder de AVG "
                                "wordt een lek gemeld tenzij het waarschijnlijk geen risico oplevert (art. 33).",
                                f"Uses the breach-notification threshold of the repealed Wbp: “{quote}”. Under the "
                                "GDPR a breach is notified unless it is unlikely to result in a risk (Art. 33)."),
                          Words("Beschrijf de meldplicht zoals de AVG die stelt (art. 33 en 34).",
                                "Describe the duty to notify as the GDPR sets it (Art. 33 and 34)."))
                break


@rule("retention.category", "warning", "Art. 13(2)(a)", "Bewaartermijn per soort gegevens",
      "Retention per category of data")
def retention_per_category(statement: Statement) -> Iterator[Hit]:
    profile = statement.profile
    if not profile.retention:
        return  # art13.2.a already reports the missing retention
    general = [r for r in profile.retention if not r.categories and not r.purposes]
    if len(general) == len(profile.retention) and not any(r.subjects for r in general):
        # general rules only ("de van u verwerkte persoonsgegevens"): they cover all the data of the
        # people they are about; where some rules name their data, the others are read as specific
        return
    covered = {c for r in profile.retention for c in r.categories}
    covered |= {c for p in profile.purposes for r in profile.retention if p.id in r.purposes for c in p.categories}
    # a rule about people ("Als u een klant van ons bent, bewaren we uw gegevens ...") covers all
    # their data: each category of theirs, and each the statement does not tie to anyone
    kept_of = {s for r in general for s in r.subjects}
    if kept_of:
        covered |= {c.id for c in profile.data_categories if not c.subjects or kept_of & set(c.subjects)}
    for index, category in enumerate(profile.data_categories):
        if category.id not in covered:
            term = vocab.DATA_CATEGORIES[category.type]
            yield Hit(("data_categories", index),
                      Words(f"Voor '{term.nl}' ({category.id}) staat geen bewaartermijn.",
                            f"No retention period is linked to '{term.en}' ({category.id})."),
                      Words(f"Koppel een bewaarregel (retention[].categories: [{category.id}]).",
                            f"Link a retention rule (retention[].categories: [{category.id}])."))


@rule("version.date", "info", "Art. 12(1)", "Datum van de verklaring", "Date of the statement")
def effective_date(statement: Statement) -> Iterator[Hit]:
    if statement.profile.version.effective_date is None:
        yield Hit(("version", "effective_date"),
                  Words("De verklaring heeft geen ingangsdatum.", "The statement has no effective date."),
                  Words("Vermeld vanaf wanneer deze versie geldt.", "State from when this version applies."))



@rule("language.parity", "error", "Art. 12(1)", "Vertaling", "Translation")
def language_parity(statement: Statement) -> Iterator[Hit]:
    """Every text in every language the statement is published in: a page that falls back to the
    other language shows a notice and text its reader may not read."""
    profile = statement.profile
    for location, text in statement.texts:
        given = {code for code, _ in text.by_lang}
        for lang in profile.languages:
            if lang not in given:
                name = Words("Engelse", "English") if lang == "en" else Words("Nederlandse", "Dutch")
                yield Hit(location, Words(f"Deze tekst heeft geen {name.nl} vertaling.",
                                          f"This text has no {name.en} translation."),
                          Words(f"Geef de tekst per taal: {{{profile.language}: ..., {lang}: ...}}, of laat '{lang}' weg "
                                "uit languages.",
                                f"Give the text per language: {{{profile.language}: ..., {lang}: ...}}, or leave "
                                f"'{lang}' out of languages."))

