"""JSON to stdout, messages to stderr, exit codes 0/1/2; an expected error becomes one line."""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

from scrutiny.errors import InvalidInput, OutputError, ScrutinyError, UsageError


class Format(StrEnum):
    text = "text"
    json = "json"


def parameters_option() -> Any:
    """`--parameters FILE`: a council's own figures replacing the shipped defaults."""
    return typer.Option(
        None,
        "--parameters",
        help="A council's own parameter values (each with unit and source) replacing the defaults.",
        show_default=False,
    )


def as_at_option() -> Any:
    """`--as-at DATE`: read the file as at a date other than its meeting's (hindsight)."""
    return typer.Option(
        None,
        "--as-at",
        help="Read the file as at this date (YYYY-MM-DD) instead of its meeting date: evidence "
        "published after it is left out, and published figures are those of that date. A later "
        "date than the meeting's is hindsight.",
        show_default=False,
    )


def parse_date(text: str | None, option: str) -> datetime.date | None:
    """The date given to `option` (YYYY-MM-DD), or None; a bad one is refused in one line."""
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a date (YYYY-MM-DD)") from None


def parse_as_at(text: str | None) -> datetime.date | None:
    """The date given to `--as-at`, or None; a bad one is refused in one line."""
    return parse_date(text, "--as-at")


def refuse_file_in_the_way(out: Path, *, out_is_folder: bool) -> None:
    """Refuse, before any work is done, an `--out` under a file (or, for a folder, that is one)."""
    for folder in (out, *out.parents) if out_is_folder else out.parents:
        if folder.exists():
            if not folder.is_dir():
                raise OutputError(str(out), f"cannot be written ({folder} is a file, not a folder)")
            return


def stdout() -> Console:
    return Console(highlight=False, soft_wrap=True)


def stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def emit_json(data: Any) -> None:
    """Write JSON to stdout (sorted as built, UTF-8, no NaN)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    sys.stdout.flush()


def say(message: str) -> None:
    """A progress or summary message, on stderr so stdout stays clean for data."""
    stderr().print(message)


def fail(error: ScrutinyError) -> NoReturn:
    """Print the error, one line per problem, and exit with its code."""
    if isinstance(error, InvalidInput):
        for line in error.lines():
            typer.echo(f"error: {line}", err=True)
    else:
        typer.echo(f"error: {error.one_line()}", err=True)
    raise typer.Exit(error.exit_code)


@contextmanager
def handled() -> Iterator[None]:
    """Turn expected errors into one line each and the contract's exit status."""
    try:
        yield
    except ScrutinyError as exc:
        fail(exc)


def command(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator for command bodies: expected errors exit cleanly with one line."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with handled():
            return func(*args, **kwargs)

    return wrapper
