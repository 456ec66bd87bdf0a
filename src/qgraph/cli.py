"""The ``qgraph`` command line: each command parses its options, calls one library function,
prints. Data goes to stdout; progress and messages to stderr. Exit status: 0 ok, 1 data
error, 2 usage error."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from qgraph import __version__
from qgraph.commands.options import (
    echo_err,
    format_option,
    output_option,
    reports_errors,
    store_option,
    write_output,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qgraph")
def main() -> None:
    """qgraph: Assemblée nationale questions as a knowledge graph (Oxigraph + SPARQL).

    \b
    Example:
        qgraph ingest examples/
        qgraph query question-card --param uid=QANR5L16QE15221
    """


# ingest ------------------------------------------------------------------------------------
@main.command()
@click.argument("paths", nargs=-1, required=True)
@store_option
@click.option("--no-enrich", is_flag=True, help="Skip organisations and themes.")
@click.option("--ner", is_flag=True, help="Also run the statistical NER (spaCy, slower).")
@click.option("--uid", "uid_hint", default=None, help="uid of a page whose text and name lack it.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@reports_errors
def ingest(paths: tuple[str, ...], store_path: Path, no_enrich: bool, ner: bool,
           uid_hint: str | None, quiet: bool) -> None:
    """Ingest question files, folders, zip dumps, AMO files or pages (``-`` = stdin).

    \b
    Example:
        qgraph ingest Questions_ecrites.json.zip AMO50_acteurs_mandats_organes_divises.json.zip
        qgraph ingest --uid QANR5L16QE15221 - < page.txt
    """
    from qgraph.pipeline import IngestOptions
    from qgraph.pipeline import ingest as run_ingest
    from qgraph.progress import Progress
    from qgraph.store import open_store

    # QGRAPH_BATCH_SIZE (records per batch) and QGRAPH_STREAM_RECORDS (records per bulk load)
    # are undocumented knobs for the crash tests.
    batch = int(os.environ.get("QGRAPH_BATCH_SIZE") or IngestOptions.batch_size)
    stream = int(os.environ.get("QGRAPH_STREAM_RECORDS") or IngestOptions.stream_records)
    opts = IngestOptions(enrich=not no_enrich, ner=ner, uid_hint=uid_hint, batch_size=batch, stream_records=stream)
    with open_store(store_path) as store, Progress("ingest", enabled=not quiet) as bar:
        report = run_ingest(store, paths, opts, on_error=lambda m: bar.echo(f"Error: {m}"),
                            on_progress=bar.advance)
    echo_err(f"qgraph: {report.summary()}")
    if report.failed:
        sys.exit(1)


# query -------------------------------------------------------------------------------------
@main.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable).")
@click.option("--search", "search_text", default=None, metavar="TEXT",
              help="Only the questions (?q) a full-text search for TEXT finds (up to 1000).")
@store_option
@format_option("table", "csv", "tsv", "json")
@output_option
@reports_errors
def query(name: str, params: tuple[str, ...], search_text: str | None, store_path: Path, fmt: str,
          output: Path | None) -> None:
    """Run a named query, a .rq file or - (stdin). Parameters are bound as RDF terms.

    \b
    Example:
        qgraph query question-card --param uid=QANR5L16QE15221 --format json
        qgraph query question-list --search "données de santé"
    """
    from qgraph.errors import UsageError
    from qgraph.query import load_query, render, run_query
    from qgraph.store import open_store

    values: dict[str, str] = {}
    for item in params:
        if "=" not in item:
            raise UsageError(f"--param expects NAME=VALUE, got {item!r}")
        key, value = item.split("=", 1)
        values[key.strip()] = value
    named = load_query(name, sys.stdin.read() if name == "-" else None)
    with open_store(store_path, read_only=True) as store:
        if search_text is not None:
            from qgraph.store.fulltext import restrict_query, search_uids
            named = restrict_query(named, search_uids(store.sidecar, search_text))
        result = run_query(store, named, values)
    write_output(render(result, fmt), output)


@main.command("queries")
@format_option("table", "json")
def queries_cmd(fmt: str) -> None:
    """List the named queries with their descriptions and parameters.

    \b
    Example:
        qgraph queries
    """
    from qgraph.query import list_queries

    items = list_queries()
    if fmt == "json":
        click.echo(json.dumps([{"name": q.name, "title": q.title, "description": q.description,
                                "params": [vars(p) for p in q.params], "example": q.example}
                               for q in items], ensure_ascii=False, indent=1))
        return
    for q in items:
        params = ", ".join(f"{p.name}{'' if p.required else '?'}:{p.type}" for p in q.params)
        click.echo(f"{q.name:28} {q.title}" + (f"  [{params}]" if params else ""))


# stats, info, validate, dump --------------------------------------------------------------
@main.command()
@store_option
@format_option("table", "json", default="json")
@reports_errors
def stats(store_path: Path, fmt: str) -> None:
    """Counts of questions, deputies, groups, ministries, organisations, triples.

    \b
    Example:
        qgraph stats --format json | jq .questions
    """
    from qgraph.store import compute_stats, open_store

    with open_store(store_path, read_only=True) as store:
        data = compute_stats(store)
    if fmt == "json":
        click.echo(json.dumps(data, indent=1, sort_keys=True))
    else:
        for key, value in data.items():
            click.echo(f"{key:22} {value}")


@main.command()
@store_option
@reports_errors
def info(store_path: Path) -> None:
    """Store metadata: qgraph and format versions, last ingests.

    \b
    Example:
        qgraph info --store qgraph-store
    """
    from qgraph.store import open_store, store_info

    with open_store(store_path, read_only=True) as store:
        click.echo(json.dumps(store_info(store), indent=1, ensure_ascii=False))


@main.command()
@store_option
@reports_errors
def validate(store_path: Path) -> None:
    """Validate the store against the SHACL shapes (exit 0 conforms, 1 violations, 2 error).

    \b
    Example:
        qgraph validate --store qgraph-store
    """
    from qgraph.store import open_store, validate_store

    with open_store(store_path, read_only=True) as store:
        result = validate_store(store)
    if result.conforms:
        echo_err("qgraph: the store conforms to ontology/shapes.ttl")
        return
    click.echo(result.report)
    echo_err(f"qgraph: {result.violations} SHACL violations")
    sys.exit(1)


@main.command()
@store_option
@reports_errors
def optimize(store_path: Path) -> None:
    """Compact the store after a large ingest, for faster queries (same data).

    \b
    Example:
        qgraph optimize --store qgraph-store
    """
    from qgraph.store import open_store, optimize_store

    with open_store(store_path, create=False) as store:
        report = optimize_store(store)
    echo_err(f"qgraph: {report.summary()}")


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "turtle"]), default="nquads",
              show_default=True, help="RDF format (turtle: the union of all graphs).")
@output_option
@reports_errors
def dump(store_path: Path, fmt: str, output: Path | None) -> None:
    """Write the whole store as RDF, for bulk loaders (QLever, Virtuoso, …).

    \b
    Example:
        qgraph dump --format nquads --output qgraph.nq
    """
    from qgraph.store import dump_store, open_store

    with open_store(store_path, read_only=True) as store:
        if output is None:
            dump_store(store, sys.stdout.buffer, fmt)
        else:
            with output.open("wb") as fh:
                dump_store(store, fh, fmt)


# Commands that live in their own modules (qgraph/commands/*.py), one line each.
from qgraph.commands.download import download  # noqa: E402
from qgraph.commands.enrich import enrich  # noqa: E402
from qgraph.commands.export import export  # noqa: E402
from qgraph.commands.push import push  # noqa: E402
from qgraph.commands.search import search  # noqa: E402
from qgraph.commands.serve import serve  # noqa: E402

for _command in (enrich, search, export, serve, push, download):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main()
