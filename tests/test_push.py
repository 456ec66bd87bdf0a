"""`qgraph push` to a real, fresh `oxigraph serve` on 127.0.0.1: counts match the local store,
a second push sends nothing, a changed question goes alone, a dropped graph is deleted; and
retries against a flaky Graph Store server."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from qgraph.cli import main
from qgraph.pipeline import IngestOptions, ingest
from qgraph.query import load_query, run_query, to_sparql_json
from qgraph.serve.named import bound_text
from qgraph.serve.push import PushTarget, push_store
from qgraph.store import open_store
from serve_helpers import free_port, sparql, start_oxigraph, stop

pytestmark = pytest.mark.server
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
QUESTIONS = ("PREFIX qg: <https://w3id.org/qgraph/ontology#> "
             "SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE { ?q qg:uid ?u ; qg:questionType ?t }")
CARD = "QANR5L17QE1173"


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory, an_fixtures: Path) -> Path:
    store = tmp_path_factory.mktemp("push") / "store"
    with open_store(store) as st:
        report = ingest(st, [an_fixtures / "questions", an_fixtures / "organe"], IngestOptions(enrich=False))
    assert report.failed == 0
    return store


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory):
    proc, url = start_oxigraph(tmp_path_factory.mktemp("remote") / "db", "--union-default-graph")
    yield url
    stop(proc)


def per_graph_local(store: Path) -> dict[str, int]:
    with open_store(store, read_only=True) as st:
        return {s["g"].value: int(s["n"].value) for s in st.query(PER_GRAPH)}


def per_graph_remote(url: str) -> dict[str, int]:
    return {b["g"]["value"]: int(b["n"]["value"]) for b in sparql(url + "/query", PER_GRAPH)}


def run_push(store: Path, url: str, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["push", "--store", str(store), "--endpoint", url + "/query",
                                       "-q", *extra])
    return result.exit_code, result.output


def test_push_then_push_again_change_and_delete(local: Path, remote: str, an_fixtures: Path,
                                               tmp_path: Path) -> None:
    graphs = per_graph_local(local)
    triples = sum(graphs.values())
    code, out = run_push(local, remote)
    assert (code, out) == (0, f"qgraph: push to {remote}/store: {len(graphs)} sent ({triples} triples), "
                              "0 unchanged, 0 deleted, 0 failed\n")
    assert per_graph_remote(remote) == graphs
    with open_store(local, read_only=True) as st:
        n_local = int(next(iter(st.query(QUESTIONS)))["n"].value)
        card = to_sparql_json(run_query(st, load_query("question-card"), {"uid": CARD}))
    assert n_local == 306
    assert int(sparql(remote + "/query", QUESTIONS)[0]["n"]["value"]) == n_local
    # The same named query, run by the remote store (its default graph is the union too).
    assert sparql(remote + "/query", bound_text(load_query("question-card"), {"uid": CARD})) == \
        card["results"]["bindings"]

    # Nothing changed: nothing sent.
    assert run_push(local, remote) == (0, f"qgraph: push to {remote}/store: 0 sent (0 triples), "
                                          f"{len(graphs)} unchanged, 0 deleted, 0 failed\n")

    # One question re-ingested with a changed text: it alone goes out.
    source = (an_fixtures / "questions" / f"{CARD}.json").read_text(encoding="utf-8")
    changed = source.replace("attire l'attention", "attire vivement l'attention", 1)
    assert changed != source
    (tmp_path / f"{CARD}.json").write_text(changed, encoding="utf-8")
    with open_store(local) as st:
        assert ingest(st, [tmp_path / f"{CARD}.json"], IngestOptions(enrich=False)).updated == 1
    code, out = run_push(local, remote)
    assert code == 0 and out.split("/store: ")[1].startswith("1 sent (")
    assert out.endswith(f" triples), {len(graphs) - 1} unchanged, 0 deleted, 0 failed\n")
    text = sparql(remote + "/query", "PREFIX qg: <https://w3id.org/qgraph/ontology#> "
                  f"SELECT ?t WHERE {{ ?q qg:uid \"{CARD}\" ; qg:questionText ?t }}")
    assert text and all("attire vivement" in b["t"]["value"] for b in text)

    # A graph dropped from the store is deleted on the remote.
    gone = next(g for g in graphs if "/graph/organe/" in g)
    with open_store(local) as st:
        st.drop_graphs([f"<{gone}>"])
    code, out = run_push(local, remote)
    assert out.endswith(": 0 sent (0 triples), " f"{len(graphs) - 1} unchanged, 1 deleted, 0 failed\n")
    assert gone not in per_graph_remote(remote)
    assert per_graph_remote(remote) == per_graph_local(local)


class Flaky(BaseHTTPRequestHandler):
    """A Graph Store server that fails the first PUT of each graph with a 503."""

    seen: dict[str, int] = {}
    auth: set[str] = set()

    def log_message(self, *args: object) -> None:
        pass

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        Flaky.auth.add(self.headers.get("Authorization", ""))
        Flaky.seen[self.path] = Flaky.seen.get(self.path, 0) + 1
        status = 503 if Flaky.seen[self.path] == 1 else 204
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


def test_retries_5xx_sends_credentials_and_reports_unreachable(local: Path, tmp_path: Path) -> None:
    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        target = PushTarget(f"http://127.0.0.1:{port}/sparql", auth="me:secret", backoff=0.01)
        with open_store(local, read_only=True) as st:
            report = push_store(st, target)
        n = len(per_graph_local(local))
        assert (report.sent, report.failed) == (n, 0)
        assert sorted(set(Flaky.seen.values())) == [2]  # each graph: a 503, then accepted
        assert all(p.startswith("/store?graph=https%3A%2F%2Fw3id.org%2Fqgraph%2F") for p in Flaky.seen)
        assert Flaky.auth == {"Basic bWU6c2VjcmV0"}
    finally:
        server.shutdown()
        server.server_close()
    code, out = run_push(local, f"http://127.0.0.1:{port}")
    assert (code, out) == (1, f"Error: cannot reach http://127.0.0.1:{port}/store: Connection refused\n")
    code, out = run_push(local, "http://127.0.0.1:1", "--auth", "a:b", "--token", "t")
    assert (code, out) == (2, "Error: give --auth or --token, not both\n")
