"""privgen as pipx or a CI image installs it: a wheel, not the repository. It must carry everything
it needs at run time (the theme, its catalogs, the banner source) and install no other top-level
name than its package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from generator import __version__
from generator.render.banner import MINIFIED, SETTINGS_MINIFIED
from tests.conftest import ROOT


def test_an_installed_wheel_makes_checks_and_builds_a_site_in_an_empty_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(ROOT)],
                           check=True, timeout=300, capture_output=True, text=True)
    assert "would be ignored" not in built.stdout + built.stderr  # every folder of the theme is declared
    wheel = next(dist.glob("privgen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"generator", f"privgen-{__version__}.dist-info"}
    for needed in ("generator/themes/default/templates/statement.html", "generator/themes/default/static/privgen.css",
                   "generator/themes/default/locales/nl/LC_MESSAGES/messages.po",
                   "generator/themes/default/locales/nl/LC_MESSAGES/je.po", "generator/themes/default/banner/consent.js",
                   *(f"generator/themes/default/banner/{name}" for name in MINIFIED.values()),
                   "generator/themes/default/banner/consent.css", "generator/themes/default/banner/consent-settings.js",
                   f"generator/themes/default/banner/{SETTINGS_MINIFIED}",
                   "generator/themes/default/banner/consent-settings.css"):
        assert needed in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    installed = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                                str(wheel)], capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr
    site = tmp_path / "empty"
    site.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}

    def privgen(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(venv / "bin" / "privgen"), *args], cwd=site, env=env, capture_output=True,
                              text=True, timeout=300)

    assert privgen("--version").stdout == f"privgen, version {__version__}\n"
    assert privgen("new", "acme").returncode == 0
    checked = privgen("check", "-q")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = privgen("build", "-q")
    assert built.returncode == 0, built.stderr
    assert (site / "build" / "acme" / "index.html").is_file() and (site / "build" / "acme" / "embed.html").is_file()
    page = (site / "build" / "acme" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in page and "In het kort" in page  # the theme's Dutch catalog was found
    # the package that ran is the installed one, not this repository
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import generator; print(generator.__file__)"],
                           cwd=site, env=env, capture_output=True, text=True, timeout=60).stdout
    assert where.startswith(str(venv))
