"""Readability per section: Flesch-Douma for Dutch, Flesch reading ease for English."""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pyphen  # type: ignore[import-untyped]

from generator.cache import remembered
from generator.findings import Hit, Words, rule
from generator.site import Statement

VERY_HARD = 30.0  # below this, both scales call a text very hard (academic level)
MINIMUM_WORDS = 40  # fewer words give no stable score

SECTIONS: dict[str, tuple[Words, tuple[str, ...]]] = {
    "introduction": (Words("Inleiding", "Introduction"), ("scope", "introduction")),
    "data": (Words("Gegevens", "Data"), ("data_subjects", "data_categories", "sources")),
    "purposes": (Words("Doelen en grondslagen", "Purposes and legal bases"), ("purposes", "legal_bases")),
    "recipients": (Words("Ontvangers en doorgifte", "Recipients and transfers"),
                   ("recipients_text", "recipients", "transfers_text", "transfers")),
    "retention": (Words("Bewaartermijnen", "Retention"), ("retention_text", "retention")),
    "security": (Words("Beveiliging", "Security"), ("security_text", "security")),
    "rights": (Words("Rechten en klachten", "Rights and complaints"),
               ("rights", "complaints", "automated_decisions")),
    "cookies": (Words("Cookies", "Cookies"), ("cookies",)),
    "other": (Words("Overige", "Other"), ("special_processing", "marketing", "provision", "changes", "notes")),
}
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?;:]+(?=\s|$)|\n+")
_MARKUP = re.compile(r"[*_`#>\[\]()]|https?://\S+|\S+@\S+")
_MARKUP_CHARACTERS = str.maketrans(dict.fromkeys("*_`#>[]()", " "))
_LETTER = re.compile(r"[^\W\d_]")  # where there is one, there is a word


def score(text: str, lang: str) -> tuple[float, int] | None:
    """Return (score, words) for text in lang, or None when it is too short to judge."""
    # Without a link, the links' part of _MARKUP can match nowhere, yet it tries every word.
    plain = _MARKUP.sub(" ", text) if "://" in text or "@" in text else text.translate(_MARKUP_CHARACTERS)
    sentences = [s for s in _SENTENCE_END.split(plain) if _LETTER.search(s)]
    words = _WORD.findall(plain)
    if len(words) < MINIMUM_WORDS or not sentences:
        return None
    syllables = sum(_syllables(word.lower(), lang) * count for word, count in Counter(words).items())
    per_sentence = len(words) / len(sentences)
    if lang == "nl":  # Flesch-Douma
        value = 206.84 - 0.77 * (100 * syllables / len(words)) - 0.93 * per_sentence
    else:  # Flesch reading ease
        value = 206.835 - 1.015 * per_sentence - 84.6 * (syllables / len(words))
    return round(value, 1), len(words)


_KEPT_IN: list[Path] = []


def keep_dictionaries_in(folder: Path) -> None:
    """Keep parsed hyphenation dictionaries in folder (the build cache): pyphen parses a language's
    patterns in 50-60 ms, unpickling them takes 6 ms, which a one-profile rebuild notices."""
    _KEPT_IN[:] = [folder]


@cache
def _dictionary(lang: str) -> pyphen.Pyphen:
    name = "nl_NL" if lang == "nl" else "en_US"
    if _KEPT_IN:
        path = pyphen.LANGUAGES[name]
        status = os.stat(path)
        key = (pyphen.__version__, str(path), status.st_size, status.st_mtime_ns)
        # Pyphen takes a file's patterns from this cache of pyphen's when they are there
        pyphen.hdcache[path] = remembered(_KEPT_IN[0] / f"hyphenation-{name}.pickle", key,
                                          lambda: pyphen.HyphDict(path))
    # left/right 1: count every syllable, not only the places a line may break
    return pyphen.Pyphen(lang=name, left=1, right=1)


@cache
def _syllables(word: str, lang: str) -> int:
    # Cached: a statement repeats its words, and hyphenation dominates the cost of a score.
    return len(_dictionary(lang).positions(word)) + 1


def _texts_by_field(statement: Statement) -> dict[tuple[str, str], list[str]]:
    """Every free text of the profile, per (top-level field, language), in document order."""
    texts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for location, value in statement.texts:
        for code, text in value.by_lang:
            texts[(str(location[0]), code)].append(text)
    return texts


def _band(value: float) -> Words:
    if value < VERY_HARD:
        return Words("zeer moeilijk", "very hard")
    if value < 50:
        return Words("moeilijk", "hard")
    if value < 65:
        return Words("redelijk", "fairly readable")
    return Words("makkelijk", "easy")


@rule("readability", "info", "Art. 12(1); WP260", "Leesbaarheid per onderdeel", "Readability per section")
def readability(statement: Statement) -> Iterator[Hit]:
    profile = statement.profile
    texts = _texts_by_field(statement)
    for title, fields in SECTIONS.values():
        for lang in profile.languages:
            result = score("\n".join(text for field in fields for text in texts.get((field, lang), ())), lang)
            if result is None:
                continue
            value, words = result
            band = _band(value)
            measure = "Flesch-Douma" if lang == "nl" else "Flesch reading ease"
            first = next(f for f in fields if getattr(profile, f))
            yield Hit(
                (first,),
                Words(f"{title.nl} ({lang}, {words} woorden): {measure} {value:g}, {band.nl}.",
                      f"{title.en} ({lang}, {words} words): {measure} {value:g}, {band.en}."),
                Words("Schrijf kortere zinnen en gewone woorden." if value < VERY_HARD else "Geen actie nodig.",
                      "Use shorter sentences and plainer words." if value < VERY_HARD else "No action needed."),
            )
