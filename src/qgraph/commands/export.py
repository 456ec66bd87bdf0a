"""`qgraph export` (being written)."""

from __future__ import annotations

import click


@click.command()
def export() -> None:
    """Not yet available."""
    raise click.UsageError("qgraph export is not available yet")
