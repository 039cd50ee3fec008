"""Keeping slow-to-make values between processes: what the check and the renderer ask of a keeper.

The keeper itself (the build cache, generator.incremental) is handed in by the build and the live
server; without one everything is made afresh, as a one-off check or diff does. So the speed layer
stays a layer: the check and the renderer never import it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

_T = TypeVar("_T")


class Keeper(Protocol):
    """Named values kept under a key: asked with the same key, a later process gets the value back."""

    def remembered(self, name: str, key: object, make: Callable[[], _T]) -> _T:
        """The value kept under name and key, or make()'s, kept for next time."""
        ...

    def kept(self, name: str, key: object) -> object:
        """The value kept under name and key, or None."""
        ...

    def keep(self, name: str, key: object, value: object) -> None:
        """Keep value under name and key (where it can be written)."""
        ...

    def bytecode_cache(self, name: str) -> BytecodeCache:
        """Where Jinja keeps compiled templates, in a folder of this name."""
        ...
