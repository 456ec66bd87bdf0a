"""Options shared by every qgraph command (defined once, reused everywhere)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from qgraph.errors import QGraphError

F = TypeVar("F", bound=Callable[..., Any])


def store_option(func: F) -> F:
    return click.option(
        "--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
        envvar="QGRAPH_STORE", default="qgraph-store", show_default=True,
        help="Store folder (also $QGRAPH_STORE).")(func)


def format_option(*choices: str, default: str = "table") -> Callable[[F], F]:
    def deco(func: F) -> F:
        return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                            show_default=True, help="Output format.")(func)
    return deco


def output_option(func: F) -> F:
    return click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
                        default=None, help="Write to this file instead of stdout.")(func)


def reports_errors(func: F) -> F:
    """Turn qgraph's typed errors into one line ``Error: …`` and their exit status."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except QGraphError as err:
            click.echo(f"Error: {err}", err=True)
            sys.exit(err.exit_code)
    return wrapper  # type: ignore[return-value]


def echo_err(message: str) -> None:
    click.echo(message, err=True)


def write_output(text: str | bytes, output: Path | None) -> None:
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            click.echo(text, nl=False)
    else:
        output.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


