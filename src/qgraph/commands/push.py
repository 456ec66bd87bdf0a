"""`qgraph push`: the store's named graphs to any SPARQL 1.1 store (Graph Store HTTP Protocol)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from qgraph.commands.options import echo_err, reports_errors, store_option


@click.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="SPARQL endpoint of the target store (the key of what was pushed there).")
@click.option("--graph-store", metavar="URL", default=None,
              help="Its Graph Store Protocol URL [default: the endpoint's /store sibling].")
@click.option("--auth", metavar="USER:PASSWORD", default=None, envvar="QGRAPH_PUSH_AUTH",
              help="HTTP Basic credentials (also $QGRAPH_PUSH_AUTH).")
@click.option("--token", default=None, envvar="QGRAPH_PUSH_TOKEN",
              help="Bearer token (also $QGRAPH_PUSH_TOKEN).")
@click.option("--force", is_flag=True, help="Send every graph again, changed or not.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@store_option
@reports_errors
def push(endpoint: str, graph_store: str | None, auth: str | None, token: str | None, force: bool,
         quiet: bool, store_path: Path) -> None:
    """Send the store to a SPARQL 1.1 store, one named graph per PUT, only what changed.

    Graphs that left the store are deleted there. For a first load of a large store into
    QLever or Virtuoso, 'qgraph dump' and the store's bulk loader are faster (docs/serving.md).

    \b
    Example:
        qgraph push --endpoint http://localhost:7878/query
        qgraph push --endpoint https://triples.example.org/sparql \\
             --graph-store https://triples.example.org/data --auth me:secret
    """
    from qgraph.progress import Progress
    from qgraph.serve.push import PushTarget, push_store
    from qgraph.store import open_store

    target = PushTarget(endpoint, graph_store, auth, token)
    with open_store(store_path, read_only=True) as store, \
            Progress("push", enabled=not quiet) as bar:
        report = push_store(store, target, force=force, on_progress=bar.advance,
                            on_total=bar.set_total)
        for error in report.errors[:20]:
            bar.echo(f"Error: {error}")
    echo_err(f"qgraph: push to {target.store_url}: {report.summary()}")
    if report.failed:
        sys.exit(1)
