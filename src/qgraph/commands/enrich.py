"""`qgraph enrich` (being written)."""

from __future__ import annotations

import click


@click.command()
def enrich() -> None:
    """Not yet available."""
    raise click.UsageError("qgraph enrich is not available yet")
