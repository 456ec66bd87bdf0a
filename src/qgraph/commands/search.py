"""`qgraph search`: full-text search over question and answer texts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click

from qgraph.commands.options import (
    format_option,
    output_option,
    reports_errors,
    store_option,
    write_output,
)
from qgraph.store.fulltext import Hit


def render_hits(hits: list[Hit], fmt: str) -> str:
    if fmt == "uids":
        return "".join(f"{h.uid}\n" for h in hits)
    if fmt == "json":
        return json.dumps([{**vars(h), "iri": h.iri} for h in hits], ensure_ascii=False, indent=1) + "\n"
    rows = [[h.uid, str(h.legislature), f"{h.score:.2f}", h.title, h.snippet] for h in hits]
    head = ["uid", "legislature", "score", "title", "snippet"]
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n").writerows([head, *rows])
        return buf.getvalue()
    return "".join(f"{r[0]:18} {r[1]:>3} {r[2]:>6}  {r[3][:60]}\n{'':29}{r[4]}\n" for r in rows)


@click.command()
@click.argument("text")
@click.option("--limit", "-n", default=20, show_default=True, help="Most results to return.")
@click.option("--legislature", "-l", type=int, default=None, help="Only this legislature.")
@store_option
@format_option("table", "json", "csv", "tsv", "uids")
@output_option
@reports_errors
def search(text: str, limit: int, legislature: int | None, store_path: Path, fmt: str,
           output: Path | None) -> None:
    """Full-text search (accents and case ignored, ``word*`` for a prefix) over question
    titles, texts and answers, best matches first (BM25).

    To run a named query on the questions found, use ``qgraph query NAME --search TEXT``.

    \b
    Example:
        qgraph search "données de santé" --legislature 16
        qgraph search "souverain* numérique" --format uids
    """
    from qgraph.store import open_store
    from qgraph.store.fulltext import search as run_search

    with open_store(store_path, read_only=True) as store:
        hits = run_search(store.sidecar, text, limit=limit, legislature=legislature)
    write_output(render_hits(hits, fmt), output)
