"""Semantic differences between two versions of a profile, field by field, and which ones matter.

Lists of items are matched by their stable ids, so an edited item is one change, not a removal and
an addition; items that keep their id but change place are reported as moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from generator.profile.duration import DURATION
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

def _classify(kind: Kind, path: tuple[str, ...], before: Any, after: Any) -> Change:
    reason = _why_material(kind, path, before, after)
    return Change(kind, dotted_path(path), path[0], before, after, reason is not None, reason)


def _why_material(kind: Kind, path: tuple[str, ...], before: Any, after: Any) -> Words | None:
    top = path[0]
    item_level = len(path) == 2 and path[1].startswith("[")
    if kind == "added" and item_level:
        reasons = {
            "purposes": Words("Nieuw doel.", "New purpose."),
            "data_categories": Words("Nieuwe soort gegevens.", "New category of data."),
            "recipients": Words("Nieuwe ontvanger.", "New recipient."),
            "transfers": Words("Nieuwe doorgifte buiten de EER.", "New transfer outside the EEA."),
        }
        if top in reasons:
            return reasons[top]
        if top == "legal_bases" and isinstance(after, dict) and after.get("basis") == "legitimate_interests":
            return Words("Nieuw beroep op gerechtvaardigd belang.", "New reliance on legitimate interests.")
    if top == "cookies" and len(path) >= 3 and path[1] == "items":
        if kind == "added" and len(path) == 3 and isinstance(after, dict) and after.get("tier") != "necessary":
            return Words("Nieuwe cookie in analyse of social media.", "New cookie in analytics or social media.")
        if path[-1] == "tier" and kind == "changed" and _rank(TIER_ORDER, after) > _rank(TIER_ORDER, before):
            return Words("Cookie naar een hoger niveau verplaatst.", "Cookie moved to a higher tier.")
    if top == "recipients" and path[-1] == "country" and kind in ("added", "changed") \
            and after and after not in EEA and (before is None or before in EEA):
        return Words("Ontvanger nu buiten de EER.", "Recipient now outside the EEA.")
    if top == "retention" and path[-1] == "duration" and _days(after) > _days(before):
        return Words("Langere bewaartermijn.", "Longer retention.")
    if top == "retention" and path[-1] in ("duration", "until") and kind == "removed":
        return Words("Bewaartermijn niet langer begrensd.", "Retention no longer bounded.")
    if top == "legal_bases" and path[-1] == "basis" and kind == "changed" \
            and _rank(BASIS_STRENGTH, after) > _rank(BASIS_STRENGTH, before):
        return Words("Zwakkere grondslag.", "Weaker legal basis.")
    return None


def _rank(order: tuple[str, ...], value: Any) -> int:
    return order.index(value) if value in order else -1


def _days(value: Any) -> float:
    if not isinstance(value, str):
        return 0.0
    match = DURATION.match(value)
    if not match:
        return 0.0
    years, months, weeks, days = (int(g or 0) for g in match.groups())
    return years * 365.25 + months * 30.44 + weeks * 7 + days
