"""Query parameters are bound as RDF terms (pyoxigraph substitutions), never pasted into the
query text: values that would break out of a string or an IRI are plain values, and nothing a
query command does can change the store."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qgraph.cli import main
from qgraph.store import open_store
from robust_data import question_uids, uid, write_question

HOSTILE = ['x" } ; DROP ALL ; #', "<urn:evil>", f'{uid(1)}" || true || "', f"{uid(1)}'", "?uid",
           "} UNION { ?q ?p ?uid }", f'{uid(1)}"^^<http://www.w3.org/2001/XMLSchema#string>',
           "\\u0022 } DROP ALL #", "DROP ALL", ""]


def cli(*args: str | Path, input: str | None = None) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("injection")
    path = tmp / "store"
    res = cli("ingest", "-q", "--no-enrich", write_question(tmp / "a.json", 1), write_question(tmp / "b.json", 2),
              "--store", path)
    assert res.exit_code == 0, res.stderr
    return path


def fingerprint(store: Path) -> str:
    """A hash of every quad in the store, sorted."""
    with open_store(store, read_only=True) as s:
        return hashlib.sha256("\n".join(sorted(str(q) for q in s.quads())).encode()).hexdigest()


def rows(res: Result) -> list[dict[str, str]]:
    assert res.exit_code == 0, res.stderr
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(res.stdout)["results"]["bindings"]]


def test_string_parameter_values_are_plain_values(store: Path) -> None:
    before = fingerprint(store)
    card = rows(cli("query", "question-card", "--param", f"uid={uid(1)}", "--format", "json", "--store", store))
    assert len(card) == 1 and card[0]["uid"] == uid(1)  # the binding itself works
    for value in HOSTILE:
        res = cli("query", "question-card", "--param", f"uid={value}", "--format", "json", "--store", store)
        assert rows(res) == [], value
        assert res.stderr == ""
    assert fingerprint(store) == before
    assert question_uids(store) == [uid(1), uid(2)]


def test_iri_parameter_values_are_terms_or_a_clear_error(store: Path, tmp_path: Path) -> None:
    rq = tmp_path / "by-node.rq"
    rq.write_text("# title: a question by node\n# param: q iri required — the question's IRI\n"
                  "PREFIX qg: <https://w3id.org/qgraph/ontology#>\n"
                  "SELECT ?q ?n WHERE { ?q qg:number ?n }\n")
    before = fingerprint(store)
    node = f"https://w3id.org/qgraph/id/question/{uid(2)}"
    assert rows(cli("query", rq, "--param", f"q={node}", "--format", "json", "--store", store)) == [{"q": node, "n": "2"}]
    assert rows(cli("query", rq, "--param", f"q=<{node}>", "--format", "json", "--store", store)) == [{"q": node, "n": "2"}]
    assert rows(cli("query", rq, "--param", "q=<urn:evil>", "--format", "json", "--store", store)) == []
    for value in ['urn:x> } ; DROP ALL ; #', node + '> ?p ?o } #', 'x" } ; DROP ALL ; #']:
        res = cli("query", rq, "--param", f"q={value}", "--store", store)
        assert (res.exit_code, res.stdout) == (1, "")
        assert res.stderr == f"Error: parameter q expects iri, got {value!r}\n"
    assert fingerprint(store) == before


@pytest.mark.parametrize("update", ["DROP ALL", "CLEAR ALL",
                                    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                    "PREFIX qg: <https://w3id.org/qgraph/ontology#> DELETE WHERE { ?q qg:uid ?u }"])
def test_query_command_cannot_update(store: Path, update: str) -> None:
    before = fingerprint(store)
    res = cli("query", "-", "--store", store, input=update)
    assert res.exit_code == 1 and res.stdout == ""
    assert res.stderr.startswith("Error: -: SPARQL syntax error") and res.stderr.count("\n") == 1
    assert fingerprint(store) == before
