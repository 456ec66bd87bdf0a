"""`qgraph download` (being written)."""

from __future__ import annotations

import click


@click.command()
def download() -> None:
    """Not yet available."""
    raise click.UsageError("qgraph download is not available yet")
