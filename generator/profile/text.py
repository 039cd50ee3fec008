"""Free text that may be given in one language or per language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pydantic is imported where profiles are validated, not where a Text is only read
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import core_schema

LANGUAGES: tuple[str, ...] = ("nl", "en")


def pick(lang: str, nl: str, en: str) -> str:
    """The one rule for privgen's own words in a language: Dutch for nl, English for any other."""
    return nl if lang == "nl" else en


@dataclass(frozen=True)
class Words:
    """privgen's own words (a message, a label) in Dutch and English; privgen's theme uses gettext."""

    nl: str
    en: str

    def __call__(self, lang: str) -> str:
        return pick(lang, self.nl, self.en)

    def format(self, **values: object) -> Words:
        return Words(self.nl.format(**values), self.en.format(**values))


@dataclass(frozen=True)
class Text:
    """A passage of (Markdown) text keyed by language; a plain string is in the profile's language."""

    by_lang: tuple[tuple[str, str], ...]

    def pick(self, lang: str) -> tuple[str, str]:
        """Return (text, language of that text), preferring lang, else the first given."""
        for code, value in self.by_lang:
            if code == lang:
                return value, code
        code, value = self.by_lang[0]
        return value, code

    def __str__(self) -> str:
        # A Text has no single string form: pages must pick a language through a filter.
        raise TypeError("render a Text through the 'text' or 'markdown' filter")

    def as_dict(self) -> dict[str, str]:
        return dict(self.by_lang)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        from pydantic_core import core_schema

        return core_schema.with_info_plain_validator_function(
            _validate_text,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda t: t.as_dict()),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: Any, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "properties": {code: {"type": "string", "minLength": 1} for code in LANGUAGES},
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            ],
            "description": "Text (Markdown allowed) in the profile's language, or per language: {nl: ..., en: ...}",
        }


def _validate_text(value: Any, info: core_schema.ValidationInfo) -> Text:
    if isinstance(value, Text):
        return value
    default = (info.context or {}).get("language", LANGUAGES[0])
    if isinstance(value, str):
        if not value.strip():
            raise _error("empty_text", "text is empty: write the text or leave the field out")
        return Text(((default, value),))
    if isinstance(value, dict) and value:
        unknown = [k for k in value if k not in LANGUAGES]
        if unknown:
            raise _error("text_language", "unknown language '{lang}': use one of {langs}",
                         {"lang": str(unknown[0])[:20], "langs": ", ".join(LANGUAGES)})
        if not all(isinstance(v, str) and v.strip() for v in value.values()):
            raise _error("text_type", "each language needs a non-empty text")
        ordered = sorted(value.items(), key=lambda kv: (kv[0] != default, LANGUAGES.index(kv[0])))
        return Text(tuple(ordered))
    raise _error("text_type", "expected a text, or a mapping of language to text such as {nl: ..., en: ...}")


def _error(kind: str, message: str, context: dict[str, Any] | None = None) -> Exception:
    from pydantic_core import PydanticCustomError

    return PydanticCustomError(kind, message, context)


def walk_texts(value: object, here: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], Text]]:
    """Every free-text field below value, with its location, in document order."""
    found: list[tuple[tuple[str | int, ...], Text]] = []
    _collect_texts(value, here, found)
    return found


def _collect_texts(value: object, here: tuple[str | int, ...], found: list[tuple[tuple[str | int, ...], Text]]) -> None:
    # into one list: nested generators would hand every text up through each level of the profile
    if isinstance(value, Text):
        found.append((here, value))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            _collect_texts(item, here + (index,), found)
    elif hasattr(type(value), "model_fields"):  # a profile model (pydantic is not imported here)
        for name in getattr(type(value), "model_fields"):
            _collect_texts(getattr(value, name), here + (name,), found)
