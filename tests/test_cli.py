"""The CLI: documented commands, one-line errors with exact text, exit statuses, stdout/stderr."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import SEED
from qgraph.cli import main


def all_commands() -> list[str]:
    return sorted(main.commands)


@pytest.mark.parametrize("name", all_commands())
def test_every_command_has_help_with_an_example(name: str) -> None:
    command = main.commands[name]
    assert isinstance(command, click.Command)
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and f"qgraph {name}" in result.output, result.output


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SEED.exists():
        pytest.skip("the seed page (../shared/seeds) is absent")
    folder = tmp_path_factory.mktemp("cli")
    shutil.copy(SEED, folder / "QANR5L16QE15221.txt")
    result = CliRunner().invoke(main, ["ingest", "--no-enrich", "--store", str(folder / "store"),
                                       str(folder / "QANR5L16QE15221.txt")])
    assert result.exit_code == 0, result.output
    return folder / "store"


def test_query_json_is_w3c_sparql_results(seed_store: Path) -> None:
    result = CliRunner().invoke(main, ["query", "question-card", "--store", str(seed_store),
                                       "--param", "uid=QANR5L16QE15221", "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["head"]["vars"][:4] == ["uid", "legislature", "type", "number"]
    (row,) = doc["results"]["bindings"]
    assert row["number"] == {"type": "literal", "value": "15221",
                             "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert row["closing_reason"]["value"] == "Fin de mandat"


def test_query_csv_and_tsv(seed_store: Path) -> None:
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        result = CliRunner().invoke(main, ["query", "question-card", "--store", str(seed_store),
                                           "-p", "uid=QANR5L16QE15221", "--format", fmt])
        header, line = result.stdout.splitlines()
        assert header.split(sep)[0] == "uid" and line.split(sep)[0] == "QANR5L16QE15221"


def test_unknown_query_is_a_one_line_error(seed_store: Path) -> None:
    result = CliRunner().invoke(main, ["query", "no-such-query", "--store", str(seed_store)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no query named 'no-such-query' (known: ")
    assert result.stderr.count("\n") == 1


def test_missing_required_parameter(seed_store: Path) -> None:
    result = CliRunner().invoke(main, ["query", "question-organisations", "--store", str(seed_store)])
    assert result.exit_code == 1
    assert result.stderr == "Error: query question-organisations needs --param uid=VALUE\n"


def test_bad_parameter_syntax_is_a_usage_error(seed_store: Path) -> None:
    result = CliRunner().invoke(main, ["query", "question-card", "--store", str(seed_store), "-p", "uid"])
    assert result.exit_code == 2
    assert result.stderr == "Error: --param expects NAME=VALUE, got 'uid'\n"


def test_wrongly_typed_parameter(seed_store: Path) -> None:
    result = CliRunner().invoke(main, ["query", "sovereignty-questions", "--store", str(seed_store),
                                       "-p", "legislature=sixteen"])
    assert result.exit_code == 1
    assert result.stderr == "Error: parameter legislature expects integer, got 'sixteen'\n"


def test_query_on_a_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: no qgraph store at {tmp_path / 'nothing'} "
                             "(run 'qgraph ingest' first, or pass --store)\n")


def test_unknown_option_is_usage_error() -> None:
    result = CliRunner().invoke(main, ["stats", "--frobnicate"])
    assert result.exit_code == 2


def test_ingest_reports_bad_file_and_keeps_the_good_one(tmp_path: Path, seed_store: Path) -> None:
    if not SEED.exists():
        pytest.skip("the seed page is absent")
    bad = tmp_path / "broken.json"
    bad.write_text('{"question": {"uid": "QANR5L16QE1", ', encoding="utf-8")
    good = tmp_path / "QANR5L16QE15221.txt"
    shutil.copy(SEED, good)
    result = CliRunner().invoke(main, ["ingest", "--no-enrich", "--store", str(tmp_path / "s"), str(bad), str(good)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"Error: {bad}: ")
    assert "1 new, 0 updated, 0 unchanged, 1 failed" in result.stderr
    stats = CliRunner().invoke(main, ["stats", "--store", str(tmp_path / "s")])
    assert json.loads(stats.stdout)["questions"] == 1


def test_stats_json_has_integer_counts(seed_store: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--store", str(seed_store), "--format", "json"])
    data = json.loads(result.stdout)
    for key in ("questions", "deputies", "groups", "ministries", "organisations", "triples"):
        assert isinstance(data[key], int), key
    assert data["questions"] == 1 and data["by_legislature"] == {"16": 1} and data["by_type"] == {"QE": 1}


def test_validate_conforming_store(seed_store: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--store", str(seed_store)])
    assert result.exit_code == 0
    assert "conforms" in result.stderr


def test_dump_formats_parse_back(seed_store: Path, tmp_path: Path) -> None:
    import rdflib

    for fmt, rdflib_format in (("nquads", "nquads"), ("trig", "trig"), ("turtle", "turtle")):
        out = tmp_path / f"dump.{fmt}"
        result = CliRunner().invoke(main, ["dump", "--store", str(seed_store), "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0
        graph = rdflib.Dataset() if fmt != "turtle" else rdflib.Graph()
        graph.parse(out, format=rdflib_format)
        uid = rdflib.Literal("QANR5L16QE15221")
        assert (None, rdflib.URIRef("https://w3id.org/qgraph/ontology#uid"), uid) in (
            graph if fmt == "turtle" else graph.graph(rdflib.URIRef(
                "https://w3id.org/qgraph/graph/page/QANR5L16QE15221")))


def test_queries_lists_every_rq_file() -> None:
    from qgraph.resources import queries_dir

    result = CliRunner().invoke(main, ["queries", "--format", "json"])
    listed = {q["name"] for q in json.loads(result.stdout)}
    assert listed == {p.stem for p in queries_dir().glob("*.rq")}
    assert all(q["title"] and q["example"] for q in json.loads(result.stdout))


def test_info_reports_versions_and_ingests(seed_store: Path) -> None:
    result = CliRunner().invoke(main, ["info", "--store", str(seed_store)])
    info = json.loads(result.stdout)
    assert info["store_format"] == 3 and info["records"]["page"] == 1
    assert info["ingests"][0]["summary"]["new"] == 1
