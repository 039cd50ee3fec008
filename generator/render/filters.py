"""Named Jinja filters: every piece of formatting the templates need, per page language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

import markdown as md
import nh3
from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.support import NullTranslations
from babel.units import format_unit
from markupsafe import Markup, escape

from generator.profile import vocabulary as vocab
from generator.profile.duration import DURATION
from generator.profile.text import Text, Words

# Tags a Markdown passage may produce; anything else, raw HTML included, is removed.
ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "code", "br", "blockquote"}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
_UNITS = (("duration-year", 0), ("duration-month", 1), ("duration-week", 2), ("duration-day", 3))
_BARE_URL = re.compile(r"(?<![(<\[])\b(https?://[^\s<>()]+[^\s<>().,;:!?'\"])")
_BARE_EMAIL = re.compile(r"(?<![\w.:/@\[(<-])([\w.+-]+@[\w-]+(?:\.[\w-]+)+)(?![\w@])")

_BARE_LINK = re.compile(r'<a href="(https?://[^"<>]+)"([^>]*)>\1</a>')
# One converter, reset per passage: building Markdown's parser costs more than converting a passage.
_MARKDOWN = md.Markdown(output_format="html")

VOCABULARIES: dict[str, vocab.Vocabulary] = {
    "basis": vocab.LEGAL_BASES, "category": vocab.DATA_CATEGORIES, "subject": vocab.DATA_SUBJECTS,
    "source": vocab.SOURCES, "purpose": vocab.PURPOSES, "role": vocab.RECIPIENT_ROLES,
    "recipient": vocab.RECIPIENT_CATEGORIES, "safeguard": vocab.SAFEGUARDS,
    "event": vocab.RETENTION_EVENTS, "security": vocab.SECURITY_MEASURES, "right": vocab.RIGHTS,
    "tier": vocab.COOKIE_TIERS, "special": vocab.SPECIAL_PROCESSING, "body": vocab.COMPLAINT_BODIES,
    "provision": vocab.PROVISION_REQUIREMENTS, "address_role": vocab.ADDRESS_ROLES,
    "channel": vocab.CONTACT_CHANNELS, "relation": vocab.ENTITY_RELATIONS, "party": vocab.COOKIE_PARTIES,
}


@lru_cache(maxsize=8192)  # the same passages recur on every page and version of a statement
def sanitise_markdown(source: str) -> str:
    """Render untrusted Markdown to HTML that keeps only harmless tags and link schemes.

    Raw HTML in a profile is shown as the text it is (documents say things like
    "<naam systeembeheerder>"), and nh3 still removes anything unsafe Markdown itself produced.
    """
    linked = source.replace("<", "&lt;")
    # the two patterns try every word of a passage: only where they can match
    if "://" in linked:
        linked = _BARE_URL.sub(r"<\1>", linked)
    if "@" in linked:
        linked = _BARE_EMAIL.sub(r"<mailto:\1>", linked)
    html = _plain_paragraphs(linked) or _MARKDOWN.reset().convert(linked)
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}},
                      url_schemes=ALLOWED_SCHEMES, link_rel="noopener noreferrer")
    # a link whose text is its address: print shows the address once (privgen.css, class url)
    return _BARE_LINK.sub(r'<a class="url" href="\1"\2>\1</a>', clean) if "<a " in clean else clean


# A paragraph that Markdown shows as it is: one line, no character that marks up, escapes or
# starts a block, no double space (a line break at its end). Most passages of a statement are
# such paragraphs, and running Markdown over each was a noticeable part of an organisation's time.
_MARKS_UP = re.compile(r"[*_`\[\]!<>\\&#|\t\n\r\f\v]|  |^(?:[-+=>]|\d+[.)])")


def _plain_paragraphs(source: str) -> str | None:
    """The HTML Markdown makes of source when each of its paragraphs is plain; else None."""
    paragraphs = source.rstrip("\n").split("\n\n")
    if any(paragraph != paragraph.strip() or not paragraph or _MARKS_UP.search(paragraph)
           for paragraph in paragraphs):
        return None
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def _distinct(phrases: Iterable[str]) -> list[str]:
    """Each phrase once, the first spelling of those that differ only in case, in order."""
    first: dict[str, str] = {}
    for phrase in phrases:
        first.setdefault(phrase.lower(), phrase)
    return list(first.values())


def make_filters(lang: str, translations: NullTranslations, form: str = "u") -> dict[str, Callable[..., Any]]:
    """Build the filters for pages in lang that address their reader as form ('u' or 'je')."""
    gettext = translations.gettext

    def text(value: Text | str | None) -> Markup:
        """Plain text of a passage, inline, marked with its language where it differs."""
        if value is None:
            return Markup("")
        content, content_lang = _pick(value, lang)
        plain = escape(content.strip())
        return _with_lang(plain, content_lang, lang, "span")

    def markdown(value: Text | str | None) -> Markup:
        """A passage as sanitised block HTML, marked with its language where it differs."""
        if value is None:
            return Markup("")
        content, content_lang = _pick(value, lang)
        return _with_lang(Markup(sanitise_markdown(content)), content_lang, lang, "div")

    names = {(vocabulary, term.id): term.label(lang, form) for vocabulary, terms in VOCABULARIES.items()
             for term in terms.terms}  # a page shows a hundred labels

    def label(term_id: str, vocabulary: str) -> str:
        return names[(vocabulary, term_id)]

    def article(term_id: str, vocabulary: str) -> str:
        """The GDPR article a term stands for, cited as lawyers do in the page's language:
        'art. 6 lid 1 sub a AVG', 'Art. 6(1)(a) GDPR'; empty for a term without one."""
        return citation(VOCABULARIES[vocabulary][term_id].note, lang)

    def date(value: dt.date | None) -> str:
        return long_date(value, lang) if value else ""

    def number(value: int) -> str:
        """4,735 in English, 4.735 in Dutch."""
        return format_decimal(value, locale=_LOCALES.get(lang, lang))

    def duration(value: str | None) -> str:
        """An ISO 8601 duration in words: P10Y → '10 jaar', P1Y6M → '1 jaar en 6 maanden'."""
        return duration_in_words(value, lang) if value else ""

    def retention(rule: Any) -> Markup:
        """A retention rule as one phrase: 'ten hoogste 4 maanden', '10 jaar na het einde ...';
        a criterion in the document's words where it gives one instead of a period."""
        phrase = _retention_period(rule)
        if phrase is None:
            return text(rule.criterion) if rule.criterion is not None else Markup("")
        return Markup(escape(phrase))

    def _retention_period(rule: Any) -> str | None:
        span = duration(rule.duration)
        if span and rule.starts:
            span = gettext("%(duration)s after %(event)s") % {
                "duration": span, "event": label(rule.starts, "event")}
        if span and rule.maximum:
            span = gettext("at most %(duration)s") % {"duration": span}
        until = (gettext("until %(event)s") % {"event": label(rule.until, "event")}) if rule.until else ""
        if span and until:
            return gettext("%(until)s, or %(duration)s, whichever comes first") % {
                "until": until, "duration": span}
        return span or until or None

    def join(values: Iterable[str]) -> str:
        return _joined(tuple(str(v) for v in values), lang) if values else ""

    def labels(items: Iterable[Any], field: str, vocabulary: str) -> str:
        """The distinct labels of one vocabulary field of items, as a list in words ("naam, adres en
        e-mailadres"); like map(attribute=field)|map("label", vocabulary)|unique|join, in one step."""
        return join(_distinct(label(getattr(item, field), vocabulary) for item in items))

    def retentions(rules: Iterable[Any]) -> Markup:
        """Several retention rules as one list in words, each distinct phrase once."""
        return Markup(join(_distinct(phrase for phrase in (retention(rule) for rule in rules) if phrase)))

    def recipient_names(recipients: Iterable[Any]) -> str:
        """Recipients by name, or by their category where the document names none: "Mollie, bank";
        an unnamed one of no category ("other") says nothing in a list, the full text describes it.
        Each name once: two unnamed IT suppliers are "IT supplier", not "IT supplier, IT supplier"."""
        names = (r.name or label(r.category, "recipient") for r in recipients if r.name or r.category != "other")
        return ", ".join(_distinct(names))

    def basis_names(bases: Iterable[Any]) -> Markup:
        """Legal bases in brief: the label of each classified one, the words of the others."""
        bases = tuple(bases)
        named = escape(labels((b for b in bases if b.basis is not None), "basis", "basis"))
        worded = [text(b.text) for b in bases if b.basis is None]
        return Markup("; ").join(([named] if named else []) + worded)

    def first_upper(value: str) -> Markup:
        """A label at the start of a sentence or item: its first letter a capital, the rest as it
        is ('IP-adres' stays, where Jinja's capitalize would make 'Ip-adres')."""
        words = str(value)
        return Markup(escape(words[:1].upper() + words[1:]))

    def language_name(code: str) -> str:
        """A language's name in the page's language: 'Nederlands', 'Dutch'."""
        return _LANGUAGE_NAMES[code](lang)

    countries = Locale.parse(lang).territories

    def native_name(code: str) -> str:
        """A language by its own name, as a link to a text in it says: 'Nederlands', 'English'."""
        return str(Locale.parse(code).get_display_name(code)).capitalize()

    def country(code: str) -> str:
        """A country's name in the page's language: 'Verenigde Staten' for US."""
        return str(countries.get(code, code))

    def tel(value: str) -> str:
        return "tel:" + re.sub(r"[^\d+]", "", value)

    def version_name(statement: Any) -> Markup:
        """How a version is called after the word 'Version': the document's own label without its
        own 'versie' ('VERSIE 2.0' → '2.0'), else the version id."""
        name, name_lang = version_label(statement, lang)
        return _with_lang(escape(name), name_lang, lang, "span")

    def shown(value: Any) -> str:
        """A value from a diff, briefly: a text in the page's language, an item's fields, a list."""
        if value is None:
            return "—"
        if isinstance(value, dict):
            if value and set(value) <= {"nl", "en"}:
                return str(value.get(lang) or next(iter(value.values())))
            return "; ".join(f"{key}: {shown(item)}" for key, item in value.items() if key != "id")
        if isinstance(value, list):
            return ", ".join(shown(item) for item in value) or "—"
        if isinstance(value, bool):
            return gettext("yes") if value else gettext("no")
        return str(value)

    return {"text": text, "markdown": markdown, "label": label, "article": article, "date": date,
            "number": number, "duration": duration, "retention": retention, "join": join, "labels": labels,
            "retentions": retentions, "recipient_names": recipient_names, "tel": tel, "shown": shown,
            "redline": redline_html, "version_name": version_name, "basis_names": basis_names,
            "language_name": language_name, "first_upper": first_upper, "country": country,
            "native_name": native_name}


_LANGUAGE_NAMES = {"nl": Words("Nederlandse", "Dutch"), "en": Words("Engelse", "English")}
# The word a document puts before its version number, in either language and any case.
_VERSION_WORD = re.compile(r"^(?:versie|version|v\.?)\s*(?=\S)", re.IGNORECASE)
# "Art. 6(1)(a)": article, paragraph, point; the form in which vocabulary notes give articles.
_ARTICLE = re.compile(r"^Art\. (\d+)(?:\((\d+)\))?(?:\(([a-z])\))?$")
# English pages are written in British English: "1 January 2025", not "January 1, 2025".
_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


@lru_cache(maxsize=64)
def version_label(statement: Any, lang: str) -> tuple[str, str]:
    """A version's name after the word 'Version', and the language it is in: the document's own
    label without its own 'versie' ('VERSIE 2.0' → '2.0'), else the version id."""
    label = statement.profile.version.label
    if label is None:
        return statement.version_id, lang
    content, content_lang = _pick(label, lang)
    return _VERSION_WORD.sub("", content.strip()) or content.strip(), content_lang


def citation(note: str, lang: str) -> str:
    """An article note as cited in lang: Dutch 'art. 6 lid 1 sub a AVG', English 'Art. 6(1)(a) GDPR'.
    Notes that are no single article ('Art. 46/47/49') are shown as they are, with the law's name."""
    if not note:
        return ""
    match = _ARTICLE.match(note)
    if lang != "nl":
        return f"{note} GDPR"
    if match is None:
        return f"{note.replace('Art.', 'art.')} AVG"
    number, paragraph, point = match.groups()
    return " ".join(["art.", number] + (["lid", paragraph] if paragraph else [])
                    + (["sub", point] if point else []) + ["AVG"])


@lru_cache(maxsize=4096)
def long_date(value: dt.date, lang: str) -> str:
    """A date as the pages write it: '1 januari 2025', '1 January 2025'."""
    return format_date(value, format="long", locale=_LOCALES.get(lang, lang))


@lru_cache(maxsize=1024)  # a site has few distinct periods; Babel looks up its unit patterns each time
def duration_in_words(value: str, lang: str) -> str:
    """An ISO 8601 period in words: P1Y6M → '1 jaar en 6 maanden'; anything else as it is."""
    match = DURATION.match(value)
    if match is None:
        return value
    parts = [_unit(int(match.group(i + 1)), unit, lang) for unit, i in _UNITS if match.group(i + 1)]
    return format_list(parts, locale=lang)


@lru_cache(maxsize=8192)  # lists of vocabulary labels recur on every page; Babel's lookup does not come free
def _joined(values: tuple[str, ...], lang: str) -> str:
    return format_list(list(values), locale=lang)


def _unit(amount: int, unit: str, lang: str) -> str:
    text = format_unit(amount, unit, length="long", locale=lang)
    if unit in text:
        # Babel's CLDR data lacks some long forms (nl 'duration-day' prints as the unit id);
        # the short form is then the full word ("30 dagen").
        text = format_unit(amount, unit, length="short", locale=lang)
    return text


def _pick(value: Text | str, lang: str) -> tuple[str, str]:
    return (value, lang) if isinstance(value, str) else value.pick(lang)


def _with_lang(content: Markup, content_lang: str, page_lang: str, tag: str) -> Markup:
    if content_lang == page_lang:
        return content
    # tag is ours, content_lang a validated language code and content already safe
    return Markup(f'<{tag} lang="{content_lang}">{content}</{tag}>')


def redline_html(pieces: Iterable[tuple[str, str]]) -> Markup:
    """Word-level changes as <ins>/<del> with visible text markers: meaning never rests on colour."""
    out = []
    for op, text in pieces:
        body = escape(text).replace("\n", Markup("<br>\n"))
        if op == "insert":
            out.append(Markup('<ins><span class="marker">[+</span>{}<span class="marker">+]</span></ins>').format(body))
        elif op == "delete":
            out.append(Markup('<del><span class="marker">[−</span>{}<span class="marker">−]</span></del>').format(body))
        else:
            out.append(body)
    return Markup("").join(out)
