"""`qgraph serve` (being written)."""

from __future__ import annotations

import click


@click.command()
def serve() -> None:
    """Not yet available."""
    raise click.UsageError("qgraph serve is not available yet")
