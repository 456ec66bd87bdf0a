"""`qgraph search` (being written)."""

from __future__ import annotations

import click


@click.command()
def search() -> None:
    """Not yet available."""
    raise click.UsageError("qgraph search is not available yet")
