"""`qgraph push` (being written)."""

from __future__ import annotations

import click


@click.command()
def push() -> None:
    """Not yet available."""
    raise click.UsageError("qgraph push is not available yet")
