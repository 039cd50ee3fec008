"""Readability per section: Flesch-Douma for Dutch, Flesch reading ease for English."""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import pyphen  # type: ignore[import-untyped]

from generator.keeping import Keeper
from generator.check.findings import Hit, rule
from generator.profile.text import Words, pick
from generator.profile.site import Statement

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
_MARKUP_CHARACTERS = "*_`#>[]()"  # Markdown's, counted as spaces
_MARKUP = re.compile(f"[{re.escape(_MARKUP_CHARACTERS)}]" + r"|https?://\S+|\S+@\S+")
_LETTER = re.compile(r"[^\W\d_]")  # where there is one, there is a word


def score(text: str, lang: str) -> tuple[float, int] | None:
    """Return (score, words) for text in lang, or None when it is too short to judge."""
    # Without a link, the links' part of _MARKUP can match nowhere, yet it tries every word.
    plain = _MARKUP.sub(" ", text) if "://" in text or "@" in text else _without_markup_characters(text)
    sentences = [s for s in _SENTENCE_END.split(plain) if _LETTER.search(s)]
    words = _WORD.findall(plain)
    if len(words) < MINIMUM_WORDS or not sentences:
        return None
    syllables = _syllables(Counter(words), lang)
    per_sentence = len(words) / len(sentences)
    if lang == "nl":  # Flesch-Douma
        value = 206.84 - 0.77 * (100 * syllables / len(words)) - 0.93 * per_sentence
    else:  # Flesch reading ease
        value = 206.835 - 1.015 * per_sentence - 84.6 * (syllables / len(words))
    return round(value, 1), len(words)


def _without_markup_characters(text: str) -> str:
    # A replace per character present: thirty times faster than str.translate, which looks up
    # every character of the text in a table.
    for character in _MARKUP_CHARACTERS:
        if character in text:
            text = text.replace(character, " ")
    return text


_KEEPER: list[Keeper] = []
SyllableCount = tuple[str, str, int]
"""(language, word, syllables)"""


def keep_dictionaries_in(keeper: Keeper) -> None:
    """Keep parsed hyphenation dictionaries and the syllables of the words met with keeper (the
    build cache): parsing a language's patterns costs more than unpickling them, and with every word
    of a profile counted before, a one-profile rebuild needs neither."""
    _KEEPER[:] = [keeper]


@cache
def _dictionary(lang: str) -> pyphen.Pyphen:
    name = _DICTIONARIES[lang]
    if _KEEPER:
        path = pyphen.LANGUAGES[name]
        # Pyphen takes a file's patterns from this cache of pyphen's when they are there
        pyphen.hdcache[path] = _KEEPER[0].remembered(f"hyphenation-{name}.pickle", _dictionary_key(name),
                                                     lambda: pyphen.HyphDict(path))
    # left/right 1: count every syllable, not only the places a line may break
    return pyphen.Pyphen(lang=name, left=1, right=1)


_DICTIONARIES = {"nl": "nl_NL", "en": "en_US"}


def _dictionary_key(name: str) -> tuple[object, ...]:
    path = pyphen.LANGUAGES[name]
    status = os.stat(path)
    return pyphen.__version__, str(path), status.st_size, status.st_mtime_ns


# Per language, the syllables of every word met: kept in the build cache, as hyphenating a word
# dominates the cost of a score and a profile's words were mostly met before.
_COUNTED: dict[str, dict[str, int]] = {}
_NEWLY_COUNTED: list[SyllableCount] = []


def _syllables(words: Counter[str], lang: str) -> int:
    """The syllables of words (each as often as counted)."""
    counted = _counted(lang)
    total = 0
    for word, times in words.items():
        word = word.lower()
        syllables = counted.get(word)
        if syllables is None:
            syllables = counted[word] = len(_dictionary(lang).positions(word)) + 1
            _NEWLY_COUNTED.append((lang, word, syllables))
        total += syllables * times
    return total


def _counted(lang: str) -> dict[str, int]:
    counted = _COUNTED.get(lang)
    if counted is None:
        kept_counts = _KEEPER[0].kept(_counts_file(lang), _counts_key(lang)) if _KEEPER else None
        counted = _COUNTED[lang] = dict(kept_counts) if isinstance(kept_counts, dict) else {}
    return counted


def _counts_file(lang: str) -> str:
    return f"syllables-{_DICTIONARIES[lang]}.pickle"


def _counts_key(lang: str) -> tuple[object, ...]:
    # the counting rule's version, and the dictionary the counts come from
    return ("positions+1", *_dictionary_key(_DICTIONARIES[lang]))


def newly_counted() -> tuple[SyllableCount, ...]:
    """The words this process hyphenated since it was last asked: a worker hands them to the build."""
    counts = tuple(_NEWLY_COUNTED)
    _NEWLY_COUNTED.clear()
    return counts


def keep_syllable_counts(keeper: Keeper, counts: Iterable[SyllableCount]) -> None:
    """Add the counts to those kept with keeper (the build cache), for the processes of later builds."""
    keep_dictionaries_in(keeper)
    languages = set()
    for lang, word, syllables in counts:
        _counted(lang)[word] = syllables
        languages.add(lang)
    for lang in sorted(languages):
        keeper.keep(_counts_file(lang), _counts_key(lang), _counted(lang))


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
            measure = pick(lang, "Flesch-Douma", "Flesch reading ease")
            first = next(f for f in fields if getattr(profile, f))
            yield Hit(
                (first,),
                Words(f"{title.nl} ({lang}, {words} woorden): {measure} {value:g}, {band.nl}.",
                      f"{title.en} ({lang}, {words} words): {measure} {value:g}, {band.en}."),
                Words("Schrijf kortere zinnen en gewone woorden." if value < VERY_HARD else "Geen actie nodig.",
                      "Use shorter sentences and plainer words." if value < VERY_HARD else "No action needed."),
            )
