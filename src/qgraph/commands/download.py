"""`qgraph download`: the official AN zip dumps into a local cache, ready for `qgraph ingest`."""

from __future__ import annotations

from pathlib import Path

import click

from qgraph.commands.options import reports_errors


@click.command()
@click.option("--legislature", "-l", "legislatures", type=int, multiple=True,
              help="Legislature number (repeatable) [default: 17].")
@click.option("--kind", "-k", "kinds", type=click.Choice(["qe", "qg", "qosd", "amo"]), multiple=True,
              help="Which dump (repeatable) [default: all four].")
@click.option("--base-url", envvar="QGRAPH_BASE_URL", default=None, metavar="URL",
              help="Root of the open-data repository (also $QGRAPH_BASE_URL) "
                   "[default: https://data.assemblee-nationale.fr/static/openData/repository/].")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), envvar="QGRAPH_DOWNLOADS",
              default=None, help="Download folder (also $QGRAPH_DOWNLOADS) [default: ./qgraph-downloads].")
@click.option("--refresh", is_flag=True, help="Fetch again the files already in the cache.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@reports_errors
def download(legislatures: tuple[int, ...], kinds: tuple[str, ...], base_url: str | None,
             cache: Path | None, refresh: bool, quiet: bool) -> None:
    """Fetch the official zip dumps (resumable); print their paths, ready for 'qgraph ingest'.

    \b
    Example:
        qgraph download --legislature 16 --legislature 17 --kind qe --kind amo
        qgraph ingest $(qgraph download --legislature 17)
    """
    from qgraph.sources.download import (
        ByteProgress,
        default_base_url,
        default_cache,
        plan,
    )
    from qgraph.sources.download import download as fetch_all

    items = plan(legislatures, kinds, base_url or default_base_url(), cache or default_cache())
    with ByteProgress(enabled=not quiet) as bar:
        paths = fetch_all(items, refresh=refresh, on_start=bar.start_file, on_progress=bar.advance)
    for path in paths:
        click.echo(str(path))
