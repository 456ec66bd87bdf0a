"""`qgraph export`: a projection of the store as GraphML, GEXF, node-link or Cytoscape.js JSON,
or an offline HTML explorer (see docs/exports.md)."""

from __future__ import annotations

from pathlib import Path

import click

from qgraph.commands.options import (
    echo_err,
    output_option,
    reports_errors,
    store_option,
    write_output,
)
from qgraph.export.projections import PROJECTIONS

FORMAT_NAMES = ("graphml", "gexf", "cytoscape", "node-link", "html")


@click.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="graphml",
              show_default=True, help="Output format.")
@click.option("--projection", type=click.Choice(list(PROJECTIONS)), default=None,
              help="Named projection (default: overview).")
@click.option("--legislature", "legislatures", type=int, multiple=True, metavar="N",
              help="Only questions of this legislature (repeatable).")
@click.option("--theme", "themes", multiple=True, metavar="KEY",
              help="Only questions with this theme, by key or IRI (repeatable).")
@click.option("--query", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Custom projection: a SPARQL SELECT or CONSTRUCT file.")
@click.option("--no-analytics", is_flag=True, help="Skip degree, PageRank and communities.")
@output_option
@reports_errors
def export(store_path: Path, fmt: str, projection: str | None, legislatures: tuple[int, ...],
           themes: tuple[str, ...], query_file: Path | None, no_analytics: bool,
           output: Path | None) -> None:
    """Export a graph projection for Gephi, Cytoscape, d3 or a browser (stdout by default).

    \b
    Example:
        qgraph export --format gexf --projection deputy-ministry --output deputies.gexf
        qgraph export --format html --legislature 16 --theme cloud-hosting -o cloud.html
        qgraph export --format cytoscape --query my-projection.rq > graph.json
    """
    from qgraph.export import ExportOptions, export_graph
    from qgraph.store import open_store

    opts = ExportOptions(projection=projection, legislatures=legislatures, themes=themes,
                         query=query_file.read_text(encoding="utf-8") if query_file else None,
                         query_name=query_file.name if query_file else "custom",
                         analytics=not no_analytics)
    with open_store(store_path, read_only=True) as store:
        result = export_graph(store, fmt, opts)
    write_output(result.data, output)
    echo_err(f"qgraph: exported {result.nodes} nodes and {result.edges} edges "
             f"({opts.name}, {fmt})")
