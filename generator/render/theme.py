"""A theme: the folder of templates, static files, catalogs and the banner source a site is made with."""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from pathlib import Path

from generator.keeping import Keeper

# The theme privgen ships: package data, so that an installed privgen has it.
DEFAULT_THEME = Path(str(importlib.resources.files("generator.themes"))) / "default"
# The theme's folder of static files, copied into the site's assets/.
THEME_STATIC = "static"


@dataclass(frozen=True)
class Theme:
    """A theme folder: templates/, static/, locales/ and banner/; with a keeper (the build cache),
    compiled templates and catalogs are kept there between processes."""

    folder: Path
    keeper: Keeper | None = None

    @property
    def templates(self) -> Path:
        return self.folder / "templates"

    @property
    def static(self) -> Path:
        return self.folder / THEME_STATIC

    @property
    def locales(self) -> Path:
        return self.folder / "locales"

    @property
    def banner(self) -> Path:
        return self.folder / "banner"
