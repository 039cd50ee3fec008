"""Semantic differences between two versions of a profile, field by field, and which ones matter.

Lists of items are matched by their stable ids, so an edited item is one change, not a removal and
an addition; items that keep their id but change place are reported as moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from generator.profile.duration import DURATION, days
from generator.profile.vocabulary import TIER_ORDER
from generator.profile.model import Item, Profile
from generator.check.rules import EEA
from generator.profile.text import Text, Words

Kind = Literal["added", "removed", "changed", "moved"]

# From strongest to weakest: relying on a weaker basis widens what the organisation may do.
BASIS_STRENGTH = ("consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests")


@dataclass(frozen=True)
class Change:
    """One difference: what kind, where, before and after, and why it matters if it does."""

    kind: Kind
    path: str
    section: str
    before: Any
    after: Any
    material: bool
    reason: Words | None = None
    keys: tuple[str, ...] = ()  # path, step by step: field names and [item id]s
    concern: str | None = None  # which MATERIAL concern makes it material

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": self.path, "section": self.section, "before": self.before,
                "after": self.after, "material": self.material,
                "reason": {"nl": self.reason.nl, "en": self.reason.en} if self.reason else None}


def diff_profiles(old: Profile, new: Profile) -> list[Change]:
    """Every difference between two profiles, in the order of the format."""
    raw: list[tuple[Kind, tuple[str, ...], Any, Any]] = []
    _diff(old, new, (), raw)
    return [_classify(kind, path, before, after) for kind, path, before, after in raw]


def _diff(old: Any, new: Any, path: tuple[str, ...], out: list[tuple[Kind, tuple[str, ...], Any, Any]]) -> None:
    if old == new:
        return
    if old is None or new is None:
        out.append(("added" if old is None else "removed", path, _plain(old), _plain(new)))
    elif isinstance(old, BaseModel) and isinstance(new, BaseModel) and type(old) is type(new):
        for name in type(old).model_fields:
            _diff(getattr(old, name), getattr(new, name), path + (name,), out)
    elif isinstance(old, tuple) and isinstance(new, tuple) and _items(old) and _items(new):
        _diff_items(old, new, path, out)
    else:
        out.append(("changed", path, _plain(old), _plain(new)))


def _items(values: tuple[Any, ...]) -> bool:
    return all(isinstance(v, Item) for v in values)


def _diff_items(old: tuple[Item, ...], new: tuple[Item, ...], path: tuple[str, ...],
                out: list[tuple[Kind, tuple[str, ...], Any, Any]]) -> None:
    old_by_id = {item.id: item for item in old}
    new_by_id = {item.id: item for item in new}
    for item in old:
        if item.id not in new_by_id:
            out.append(("removed", path + (f"[{item.id}]",), _plain(item), None))
    kept_old = [item.id for item in old if item.id in new_by_id]
    kept_new = [item.id for item in new if item.id in old_by_id]
    in_place = set(_longest_common_subsequence(kept_old, kept_new))
    for item in new:
        here = path + (f"[{item.id}]",)
        if item.id not in old_by_id:
            out.append(("added", here, None, _plain(item)))
            continue
        if item.id not in in_place:
            out.append(("moved", here, kept_old.index(item.id) + 1, kept_new.index(item.id) + 1))
        _diff(old_by_id[item.id], item, here, out)


def _longest_common_subsequence(a: list[str], b: list[str]) -> list[str]:
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            lengths[i + 1][j + 1] = lengths[i][j] + 1 if x == y else max(lengths[i][j + 1], lengths[i + 1][j])
    result, i, j = [], len(a), len(b)
    while i and j:
        if a[i - 1] == b[j - 1]:
            result.append(a[i - 1])
            i, j = i - 1, j - 1
        elif lengths[i - 1][j] >= lengths[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return result[::-1]


def _plain(value: Any) -> Any:
    """A JSON-ready form of a model value."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, Text):
        return value.as_dict()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def dotted_path(path: tuple[str, ...]) -> str:
    return "".join(p if p.startswith("[") else (f".{p}" if i else p) for i, p in enumerate(path))


# --- materiality ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Concern:
    """What a material change widens: the reason given for each such change, the heading the
    report groups them under, and what the organisation must do about them."""

    reason: Words
    heading: Words
    action: Words


_TRANSFER_ACTION = Words(
    "Zorg vóór de doorgifte voor een grondslag in hoofdstuk V AVG (art. 45-49) en noem die in de verklaring "
    "(art. 13 lid 1 sub f AVG).",
    "Before the transfer, have a ground for it under Chapter V GDPR (Art. 45-49) and name it in the statement "
    "(Art. 13(1)(f) GDPR).")
_INTERESTS_ACTION = Words(
    "Leg de belangenafweging vast en wijs betrokkenen op hun recht van bezwaar (art. 21 AVG).",
    "Record the balancing test and tell people of their right to object (Art. 21 GDPR).")
_CONSENT_ACTION = Words(
    "De cookiebanner krijgt een nieuwe revisie: bezoekers worden opnieuw om toestemming gevraagd.",
    "The cookie banner gets a new revision: visitors are asked for consent again.")

# In the order the report lists them: what people are told first matters most.
MATERIAL: dict[str, Concern] = {
    "purpose": Concern(
        Words("Nieuw doel.", "New purpose."), Words("Nieuwe doelen", "New purposes"),
        Words("Een nieuw doel heeft een eigen grondslag nodig (art. 6 AVG); informeer betrokkenen vóór "
              "die verwerking begint (art. 13 lid 3 AVG).",
              "A new purpose needs a legal basis of its own (Art. 6 GDPR); inform people before that "
              "processing starts (Art. 13(3) GDPR).")),
    "category": Concern(
        Words("Nieuwe soort gegevens.", "New category of data."), Words("Nieuwe soorten gegevens", "New categories of data"),
        Words("Leg vast waarvoor, op welke grondslag en hoe lang deze gegevens verwerkt worden, en informeer "
              "betrokkenen vóór de ingangsdatum.",
              "Record why, on which basis and for how long these data are processed, and inform people "
              "before the effective date.")),
    "recipient": Concern(
        Words("Nieuwe ontvanger.", "New recipient."), Words("Nieuwe ontvangers", "New recipients"),
        Words("Noem de ontvanger in de verklaring (art. 13 lid 1 sub e AVG) en leg de afspraken vast; met een "
              "verwerker een verwerkersovereenkomst (art. 28 AVG).",
              "Name the recipient in the statement (Art. 13(1)(e) GDPR) and put the arrangements in writing; "
              "with a processor, a data processing agreement (Art. 28 GDPR).")),
    "transfer": Concern(
        Words("Nieuwe doorgifte buiten de EER.", "New transfer outside the EEA."),
        Words("Doorgifte buiten de EER", "Transfers outside the EEA"),
        _TRANSFER_ACTION),
    "outside_eea": Concern(
        Words("Ontvanger nu buiten de EER.", "Recipient now outside the EEA."),
        Words("Doorgifte buiten de EER", "Transfers outside the EEA"),
        _TRANSFER_ACTION),
    "retention": Concern(
        Words("Langere bewaartermijn.", "Longer retention."), Words("Langer bewaren", "Longer retention"),
        Words("Onderbouw waarom de langere termijn nodig is (art. 5 lid 1 sub e AVG) en informeer "
              "betrokkenen vóór de ingangsdatum.",
              "Justify why the longer period is needed (Art. 5(1)(e) GDPR) and inform people before the "
              "effective date.")),
    "unbounded": Concern(
        Words("Bewaartermijn niet langer begrensd.", "Retention no longer bounded."), Words("Langer bewaren", "Longer retention"),
        Words("Geef een termijn of de criteria om die te bepalen (art. 13 lid 2 sub a AVG).",
              "Give a period, or the criteria that determine it (Art. 13(2)(a) GDPR).")),
    "basis": Concern(
        Words("Zwakkere grondslag.", "Weaker legal basis."), Words("Zwakkere grondslag", "Weaker legal basis"),
        _INTERESTS_ACTION),
    "interests": Concern(
        Words("Nieuw beroep op gerechtvaardigd belang.", "New reliance on legitimate interests."),
        Words("Zwakkere grondslag", "Weaker legal basis"),
        _INTERESTS_ACTION),
    "cookie": Concern(
        Words("Nieuwe cookie in analyse of social media.", "New cookie in analytics or social media."),
        Words("Cookies die toestemming vragen", "Cookies that need consent"),
        _CONSENT_ACTION),
    "tier": Concern(
        Words("Cookie naar een hoger niveau verplaatst.", "Cookie moved to a higher tier."),
        Words("Cookies die toestemming vragen", "Cookies that need consent"),
        _CONSENT_ACTION),
}


def _classify(kind: Kind, path: tuple[str, ...], before: Any, after: Any) -> Change:
    concern = _concern(kind, path, before, after)
    return Change(kind, dotted_path(path), path[0], before, after, concern is not None,
                  MATERIAL[concern].reason if concern else None, path, concern)


def _concern(kind: Kind, path: tuple[str, ...], before: Any, after: Any) -> str | None:
    top = path[0]
    item_level = len(path) == 2 and path[1].startswith("[")
    if kind == "added" and item_level:
        concerns = {"purposes": "purpose", "data_categories": "category", "recipients": "recipient",
                    "transfers": "transfer"}
        if top in concerns:
            return concerns[top]
        if top == "legal_bases" and isinstance(after, dict) and after.get("basis") == "legitimate_interests":
            return "interests"
    if top == "cookies" and len(path) >= 3 and path[1] == "items":
        if kind == "added" and len(path) == 3 and isinstance(after, dict) and after.get("tier") != "necessary":
            return "cookie"
        if path[-1] == "tier" and kind == "changed" and _rank(TIER_ORDER, after) > _rank(TIER_ORDER, before):
            return "tier"
    if top == "recipients" and path[-1] == "country" and kind in ("added", "changed") \
            and after and after not in EEA and (before is None or before in EEA):
        return "outside_eea"
    if top == "retention" and path[-1] == "duration" and _days(after) > _days(before):
        return "retention"
    if top == "retention" and path[-1] in ("duration", "until") and kind == "removed":
        return "unbounded"
    if top == "legal_bases" and path[-1] == "basis" and kind == "changed" \
            and _rank(BASIS_STRENGTH, after) > _rank(BASIS_STRENGTH, before):
        return "basis"
    return None


def _rank(order: tuple[str, ...], value: Any) -> int:
    return order.index(value) if value in order else -1


def _days(value: Any) -> float:
    return days(value) if isinstance(value, str) and DURATION.match(value) else 0.0
