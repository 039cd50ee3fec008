"""Errors become messages for people: one line per problem, exit 1, no traceback unless asked."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable

import click

from generator.errors import InputError, PrivgenError, error_lines


def _reporting(verbose: bool, action: Callable[[], None]) -> None:
    """Run action; print each problem on its own line and exit 1 instead of a traceback."""
    try:
        action()
    except PrivgenError as exc:
        for line in error_lines(exc):
            click.echo(line, err=True)
        if isinstance(exc, InputError):
            noun = "problem" if len(exc.problems) == 1 else "problems"
            click.echo(f"Failed with {len(exc.problems)} {noun}; nothing was written.", err=True)
        if verbose:
            traceback.print_exc()
        sys.exit(1)
