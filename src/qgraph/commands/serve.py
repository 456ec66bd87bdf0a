"""`qgraph serve`: the store as a SPARQL endpoint with a browser query editor."""

from __future__ import annotations

from pathlib import Path

import click

from qgraph.commands.options import echo_err, reports_errors, store_option


@click.command()
@store_option
@click.option("--port", type=int, default=7878, show_default=True, help="Port to listen on.")
@click.option("--bind", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface, i.e. your whole network).")
@click.option("--writable", is_flag=True, help="Accept SPARQL UPDATE and Graph Store writes.")
@click.option("--cors", metavar="ORIGIN", default=None,
              help="Allow browser pages from this origin only (e.g. https://example.org).")
@click.option("--timeout", type=float, default=30.0, show_default=True,
              help="Query timeout in seconds.")
@reports_errors
def serve(store_path: Path, port: int, bind: str, writable: bool, cors: str | None,
          timeout: float) -> None:
    """Serve the store over the SPARQL 1.1 Protocol, with a query editor at / (Ctrl-C stops).

    Query endpoint /query (or /sparql); the default graph is the union of the named graphs.
    Named queries: /queries/ lists them, /queries/NAME?param=value runs one.
    Read-only unless --writable; the store stays free for other read-only commands.

    \b
    Example:
        qgraph serve --store qgraph-store --port 7878
        curl -H 'Accept: application/sparql-results+json' \\
             'http://127.0.0.1:7878/queries/question-card?uid=QANR5L16QE15221'
    """
    from qgraph.serve import ServeOptions, Server, run_server

    def ready(server: Server) -> None:
        mode = "read-write" if writable else "read-only"
        echo_err(f"qgraph: serving {store_path} ({mode}) at {server.url} — SPARQL at "
                 f"{server.url}query, named queries at {server.url}queries/; Ctrl-C stops")

    run_server(ServeOptions(store_path, port, bind, writable, cors, timeout), on_ready=ready)
