"""`qgraph enrich`: re-run organisations and themes over the whole store."""

from __future__ import annotations

from pathlib import Path

import click

from qgraph.commands.options import echo_err, reports_errors, store_option


@click.command()
@store_option
@click.option("--ner", is_flag=True, help="Also run the statistical NER (spaCy, slower).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@reports_errors
def enrich(store_path: Path, ner: bool, quiet: bool) -> None:
    """Re-run the enrichment (organisations, themes) over every question in the store,
    after the gazetteer or the theme scheme changed. Idempotent.

    \b
    Example:
        qgraph enrich --store qgraph-store
    """
    from qgraph.progress import Progress
    from qgraph.store import open_store
    from qgraph.store.reenrich import enrich_store

    with open_store(store_path) as store, Progress("enrich", enabled=not quiet) as bar:
        count = enrich_store(store, ner=ner, on_progress=bar.advance)
    echo_err(f"qgraph: enriched {count} questions")
