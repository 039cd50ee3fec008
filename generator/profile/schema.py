"""The JSON Schema of the profile format, with each field's docstring in the model as its description.

Pydantic can read those docstrings itself (use_attribute_docstrings), but it does so for every
model class at import, by parsing model.py's source again per class, in every privgen process.
Only the schema needs them, so they are read here.
"""

from __future__ import annotations

import ast
import inspect
import json
from typing import Any

from pydantic import BaseModel

from generator.profile import model

SCHEMA_HEADER = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://privgen.invalid/schema/profile.schema.json",
}


def schema_text() -> str:
    """The schema as privgen schema prints it (and schema/profile.schema.json holds it)."""
    schema = model.Profile.model_json_schema()
    docs = _attribute_docs(inspect.getsource(model))
    for name, definition in [(model.Profile.__name__, schema), *schema.get("$defs", {}).items()]:
        described = getattr(model, name, None)
        if isinstance(described, type) and issubclass(described, BaseModel):
            _describe_properties(definition, described, docs)
    return json.dumps({**SCHEMA_HEADER, **schema}, ensure_ascii=False, indent=2) + "\n"


def _attribute_docs(source: str) -> dict[str, dict[str, str]]:
    """Class name → field name → the string literal right below the field, as pydantic reads it."""
    docs: dict[str, dict[str, str]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            fields = docs.setdefault(node.name, {})
            for field, after in zip(node.body, node.body[1:]):
                if (isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name)
                        and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                        and isinstance(after.value.value, str)):
                    fields[field.target.id] = inspect.cleandoc(after.value.value)
    return docs


def _describe_properties(definition: dict[str, Any], described: type[BaseModel],
                         docs: dict[str, dict[str, str]]) -> None:
    """Describe each property by the docstring of its field, from the nearest class of the model's
    hierarchy that documents it, unless the field has a description of its own; keys stay sorted,
    as pydantic sorts them."""
    properties = definition.get("properties", {})
    for name, field in described.model_fields.items():
        prop = properties.get(field.alias or name)
        doc = next((docs[c.__name__][name] for c in described.__mro__ if name in docs.get(c.__name__, {})), None)
        if prop is not None and doc is not None and field.description is None:  # as pydantic: a Field's own wins
            properties[field.alias or name] = dict(sorted({**prop, "description": doc}.items()))
