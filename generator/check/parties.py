"""Rules about who gets the data that the statement does not spell out: a well-known provider
outside the EEA with no transfer stated, a third party whose cookies reach it but who is missing
from the recipients, and people whose data comes from someone else (Art. 14)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.findings import Hit, rule
from generator.check.rules import EEA
from generator.profile.model import Profile
from generator.profile.providers import US_CUES, provider_named, providers_named
from generator.profile.site import Statement
from generator.profile.text import Words


def _transfer_covers(profile: Profile, recipient_id: str | None) -> bool:
    """Whether a stated transfer covers this recipient: one naming it, or one naming no recipient
    (a general statement about transfers outside the EEA)."""
    return any(not t.recipients or recipient_id in t.recipients for t in profile.transfers)


@rule("transfer.provider", "warning", "Art. 13(1)(f), Art. 44-46", "Doorgifte naar een bekende aanbieder",
      "Transfer to a well-known provider")
def provider_outside_eea(statement: Statement) -> Iterator[Hit]:
    """A recipient or cookie provider with no country stated that is a well-known company outside the
    EEA, or that the statement itself places there ("het Amerikaanse bedrijf"), with no transfer."""
    profile = statement.profile
    seen: set[str] = set()
    parties: list[tuple[tuple[str | int, ...], str, str | None, str]] = [(("recipients", i, "name"), r.name or "", r.id, " ".join(
        t.pick(profile.language)[0] for t in (r.activity, r.location.text if r.location else None) if t))
        for i, r in enumerate(profile.recipients) if not (r.location and r.location.country)]
    parties += [(("cookies", "items", i, "provider"), c.provider, None, c.purpose.pick(profile.language)[0])
                for i, c in enumerate(profile.cookie_items) if not c.country]
    for location, name, recipient_id, words in parties:
        provider = provider_named(name) if name else None
        country = provider.country if provider and provider.country else ("US" if US_CUES.search(words) else None)
        if country is None or country in EEA or _transfer_covers(profile, recipient_id):
            continue
        if name.lower() in seen:
            continue  # one finding per provider, though it is a recipient and places cookies too
        seen.add(name.lower())
        company = f"{provider.company}, " if provider else ""
        yield Hit(location,
                  Words(f"{name} ({company}{'Verenigde Staten' if country == 'US' else country}) ontvangt gegevens "
                        "buiten de EER, maar de verklaring noemt geen doorgifte.",
                        f"{name} ({company}{'United States' if country == 'US' else country}) receives data "
                        "outside the EEA, but the statement states no transfer."),
                  Words("Vermeld de doorgifte en de waarborg (bijv. het EU-VS Data Privacy Framework), of waar de "
                        "gegevens blijven (location.country).",
                        "State the transfer and its safeguard (e.g. the EU-US Data Privacy Framework), or where "
                        "the data stays (location.country)."))


@rule("recipients.missing", "warning", "Art. 13(1)(e)", "Ontvanger ontbreekt", "Recipient missing")
def third_party_not_a_recipient(statement: Statement) -> Iterator[Hit]:
    """A third party whose cookies the site places receives what they record, and one the statement
    says gets data through another's service ("een link met uw Facebookaccount"): it is a recipient."""
    profile = statement.profile
    named = " ".join((r.name or "") for r in profile.recipients).lower()

    def listed(name: str) -> bool:
        known = provider_named(name)
        return name.lower() in named or bool(known and any(n in named for n in known.names))

    reported: set[str] = set()
    for index, cookie in enumerate(profile.cookie_items):
        provider = cookie.provider
        if cookie.party != "third" or provider.lower() in reported or listed(provider):
            continue
        reported.add(provider.lower())
        yield Hit(("cookies", "items", index, "provider"),
                  Words(f"{provider} plaatst cookies en ontvangt daarmee gegevens van bezoekers, maar staat niet "
                        "bij de ontvangers.",
                        f"{provider} places cookies and so receives data about visitors, but is not among the "
                        "recipients."),
                  Words(f"Noem {provider} als ontvanger, met wat het met de gegevens doet.",
                        f"List {provider} as a recipient, with what it does with the data."))
    for index, recipient in enumerate(profile.recipients):
        own = provider_named(recipient.name or "")
        words = recipient.activity.pick(profile.language)[0] if recipient.activity else ""
        for mentioned in providers_named(words):
            name = mentioned.names[0].capitalize()
            if mentioned is own or name.lower() in reported or listed(name):
                continue
            reported.add(name.lower())
            yield Hit(("recipients", index, "activity"),
                      Words(f"{name} krijgt volgens de verklaring gegevens via {recipient.name or recipient.id}, maar "
                            "staat niet bij de ontvangers.",
                            f"By the statement's own words {name} gets data through {recipient.name or recipient.id}, "
                            "but is not among the recipients."),
                      Words(f"Noem {name} als ontvanger, met wat het met de gegevens doet.",
                            f"List {name} as a recipient, with what it does with the data."))


@rule("art14.inferred", "warning", "Art. 14(1)(d), 14(2)(f)", "Gegevens van anderen verkregen",
      "Data obtained from others")
def data_from_others(statement: Statement) -> Iterator[Hit]:
    """Data about a customer's staff comes from the customer, not from them: Art. 14 applies, whose
    source (14(2)(f)) and categories (14(1)(d)) the statement must give, even with no source entered."""
    profile = statement.profile
    if any(source.type in ("third_party", "public") for source in profile.sources):
        return  # art14.1.d and art14.2.f check what an indirect source needs
    for index, subject in enumerate(profile.data_subjects):
        if subject.type == "client_staff":
            yield Hit(("data_subjects", index),
                      Words("Gegevens van medewerkers van klanten krijgt de organisatie meestal van de klant, niet "
                            "van henzelf; de verklaring noemt die bron niet.",
                            "Data about customers' staff usually comes from the customer, not from them; the "
                            "statement does not name that source."),
                      Words("Noem de bron (sources: third_party, met de klant als bron) en welke gegevens u zo "
                            "krijgt (art. 14 AVG).",
                            "Name the source (sources: third_party, the customer) and which data comes from it "
                            "(Art. 14 GDPR)."))
