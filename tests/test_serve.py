"""`qgraph serve` against the real fixture store: a real oxigraph engine behind qgraph's proxy,
queried by standard clients over HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import time
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest

from fixture_store import library_store  # noqa: F401  (the shared fixture store)
from qgraph.pipeline import IngestOptions, ingest
from qgraph.query import list_queries, load_query, run_query, to_sparql_json
from qgraph.serve.engine import Engine
from qgraph.store import open_store
from serve_helpers import (
    JSON,
    example_params,
    http,
    rows,
    sparql,
    start_qgraph_serve,
    stop,
)

pytestmark = pytest.mark.server
READ_ONLY = ("qgraph serve is read-only: SPARQL UPDATE and Graph Store writes are refused "
             "(restart it with --writable to allow them)\n")
SLOW = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a LIMIT 1"  # a sort over ~10^10 rows
HUGE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # streams for ever
# question-card on the seed page's uid (its example) takes ~50 s in pyoxigraph and in the server
# alike (a slow plan for a question whose author is known by name only); an official record
# keeps this test fast. Drop the override once question-card.rq is fast on the seed.
SLOW_EXAMPLES = {"question-card": {"uid": "QANR5L17QE1173"}}


@pytest.fixture(scope="module")
def served(library_store: Path):  # noqa: F811
    # A generous timeout: question-card over every question takes seconds on a busy machine.
    proc, url = start_qgraph_serve(library_store, "--timeout", "300")
    yield url, library_store
    stop(proc)


@pytest.fixture(scope="module")
def impatient(library_store: Path):  # noqa: F811
    proc, url = start_qgraph_serve(library_store, "--timeout", "2")
    yield url
    stop(proc)


def local_json(store: Path, name: str, params: dict[str, str]) -> dict:
    with open_store(store, read_only=True) as st:
        return to_sparql_json(run_query(st, load_query(name), params))


def test_every_named_query_gives_the_same_answers_over_http(served) -> None:
    url, store = served
    checked = nonempty = 0
    for q in list_queries():
        params = {**example_params(q.example), **SLOW_EXAMPLES.get(q.name, {})}
        status, headers, body = http("GET", f"{url}/queries/{q.name}?{urlencode(params)}",
                                     headers={"Accept": JSON})
        assert status == 200, (q.name, body)
        assert headers["Content-Type"].startswith(JSON)
        remote = json.loads(body)
        local = local_json(store, q.name, params)  # opened read-only beside the running server
        assert remote["head"]["vars"] == local["head"]["vars"], q.name
        assert rows(remote) == rows(local), q.name
        checked += 1
        nonempty += bool(local["results"]["bindings"])
    assert checked == len(list(Path(load_query("question-card").path).parent.glob("*.rq")))
    assert nonempty >= checked // 2  # the comparison is not between empty results


def test_question_card_over_http_has_the_cli_values(served) -> None:
    url, _ = served
    _, _, body = http("GET", f"{url}/queries/question-card?uid=QANR5L17QE1173", headers={"Accept": JSON})
    [row] = json.loads(body)["results"]["bindings"]
    assert row["author"]["value"] == "Anaïs Sabatini"
    assert row["published"] == {"type": "literal", "value": "2024-10-22",
                                "datatype": "http://www.w3.org/2001/XMLSchema#date"}


def test_sparqlwrapper_on_sparql_and_query_counts_like_the_store(served) -> None:
    from SPARQLWrapper import JSON as SW_JSON
    from SPARQLWrapper import SPARQLWrapper

    url, store = served
    text = ("PREFIX qg: <https://w3id.org/qgraph/ontology#> "
            "SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE { ?q qg:uid ?uid ; qg:questionType ?t }")
    with open_store(store, read_only=True) as st:
        expected = int(next(iter(st.query(text)))["n"].value)
    assert expected >= 306
    for path in ("/sparql", "/query"):
        client = SPARQLWrapper(url + path)
        client.setQuery(text)
        client.setReturnFormat(SW_JSON)
        result = client.queryAndConvert()
        assert int(result["results"]["bindings"][0]["n"]["value"]) == expected  # type: ignore[index]


def test_parameters_are_values_never_query_text(served) -> None:
    url, _ = served
    for evil in ['x" } ; DROP ALL ; #', "<urn:evil>", "QANR5L17QE1173\" || true || \""]:
        status, _, body = http("GET", f"{url}/queries/question-card?uid={quote(evil)}",
                               headers={"Accept": JSON})
        assert status == 200
        assert json.loads(body)["results"]["bindings"] == []
    status, _, body = http("GET", f"{url}/queries/question-card?nope=1")
    assert status == 400
    assert body.decode() == "query question-card has no parameter 'nope' (parameters: uid)\n"
    status, _, body = http("GET", f"{url}/queries/no-such-query")
    assert (status, body.decode()) == (400, "no query named 'no-such-query' (see /queries/)\n")


def test_query_listing_text_and_offline_editor(served) -> None:
    url, _ = served
    status, _, body = http("GET", f"{url}/queries/")
    listing = {q["name"]: q for q in json.loads(body)}
    assert status == 200 and listing["question-card"]["params"][0]["name"] == "uid"
    _, headers, page = http("GET", f"{url}/queries/", headers={"Accept": "text/html"})
    assert headers["Content-Type"].startswith("text/html") and b'action="/queries/question-card"' in page
    _, _, text = http("GET", f"{url}/queries/question-card.rq")
    assert text.decode() == load_query("question-card").text
    status, _, index = http("GET", url + "/")
    assert status == 200 and b"yasgui" in index.lower()
    assert b"http://" not in index and b"https://" not in index  # nothing fetched from the internet
    status, _, script = http("GET", url + "/yasgui.min.js")
    assert status == 200 and len(script) > 100_000


def test_updates_and_graph_store_writes_are_refused_by_default(served) -> None:
    url, _ = served
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    update = urlencode({"update": "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }"}).encode()
    for path in ("/update", "/sparql", "/query"):
        assert http("POST", url + path, update, form)[::2] == (403, READ_ONLY.encode())
    raw = b"DROP ALL"
    assert http("POST", url + "/query", raw, {"Content-Type": "application/sparql-update"})[::2] == \
        (403, READ_ONLY.encode())
    assert http("PUT", url + "/store?graph=urn:g", b"<urn:a> <urn:b> <urn:c> .",
                {"Content-Type": "application/n-triples"})[0] == 403
    assert http("DELETE", url + "/store?default")[0] == 403
    status, _, body = http("GET", url + "/query?" + urlencode({"query": "ASK { <urn:a> ?p ?o }"}),
                           headers={"Accept": JSON})
    assert json.loads(body)["boolean"] is False


def test_listens_on_loopback_only_by_default(served) -> None:
    url, _ = served
    port = urlsplit(url).port
    listening = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if Path(table).exists():
            for line in Path(table).read_text().splitlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                    listening.add(local.rsplit(":", 1)[0])
    assert listening == {"0100007F"}  # 127.0.0.1 (little-endian hex), nothing else
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: just picks the outgoing address
            lan_ip = probe.getsockname()[0]
        except OSError:
            lan_ip = "127.0.0.1"
    if not lan_ip.startswith("127."):
        with pytest.raises(OSError):
            socket.create_connection((lan_ip, port), timeout=2).close()


def test_large_results_are_streamed(served) -> None:
    url, _ = served
    conn = HTTPConnection("127.0.0.1", urlsplit(url).port, timeout=30)
    conn.request("GET", "/sparql?" + urlencode({"query": HUGE}), headers={"Accept": JSON})
    resp = conn.getresponse()
    assert resp.status == 200
    assert resp.getheader("Transfer-Encoding") == "chunked"
    got = 0
    while got < 4_000_000:
        got += len(resp.read1(65536))
    # The whole result is endless (10^10 rows): these bytes could only come streamed.
    conn.close()


def test_query_timeout_is_on_by_default_and_cuts_a_slow_query(impatient: str) -> None:
    from qgraph.serve import ServeOptions

    default = ServeOptions(Path("s"))
    assert default.timeout == 30.0 and default.bind == "127.0.0.1" and not default.writable
    assert "--timeout-s" in Engine(Path("s"), writable=False, timeout=default.timeout).command(1)
    url = impatient
    started = time.monotonic()
    status, _, body = http("POST", url + "/query", urlencode({"query": SLOW}).encode(),
                           {"Accept": JSON, "Content-Type": "application/x-www-form-urlencoded"})
    elapsed = time.monotonic() - started
    assert (status, body.decode()) == (503, "query timed out after 2 s (qgraph serve --timeout)\n")
    assert elapsed < 10
    # The engine was replaced (the runaway sort stopped); queries work again at once.
    assert sparql(url + "/query", "SELECT (1 AS ?one) WHERE {}")[0]["one"]["value"] == "1"


def test_writable_server_accepts_updates_and_cors_is_one_origin(tmp_path: Path, an_fixtures: Path) -> None:
    store = tmp_path / "s"
    with open_store(store) as st:
        ingest(st, [an_fixtures / "questions" / "QANR5L17QE1173.json"], IngestOptions(enrich=False))
    proc, url = start_qgraph_serve(store, "--writable", "--cors", "https://example.org")
    try:
        status, _, _ = http("POST", url + "/sparql",
                            urlencode({"update": "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 } }"}).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 204
        found = sparql(url + "/query", "SELECT ?o WHERE { <urn:a> <urn:b> ?o }")
        assert [b["o"]["value"] for b in found] == ["1"]
        status, headers, _ = http("GET", url + "/query?" + urlencode({"query": "ASK {}"}),
                                  headers={"Accept": JSON, "Origin": "https://example.org"})
        assert headers["Access-Control-Allow-Origin"] == "https://example.org"
        status, headers, _ = http("OPTIONS", url + "/query", headers={"Origin": "https://evil.example"})
        assert status == 204 and headers["Access-Control-Allow-Origin"] == "https://example.org"
        assert "PUT" in headers["Access-Control-Allow-Methods"]
    finally:
        assert stop(proc) == 0
    with open_store(store, read_only=True) as st:  # released: the store opens again, with the write
        assert st.graph_exists("<urn:g>")


def test_no_cors_header_unless_asked_and_sigterm_stops_engine_and_proxy(library_store: Path) -> None:  # noqa: F811
    proc, url = start_qgraph_serve(library_store, "--timeout", "5")
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    engine_pids = [int(p) for p in children.read_text().split()] if children.exists() else []
    _, headers, _ = http("GET", url + "/query?" + urlencode({"query": "ASK {}"}),
                         headers={"Accept": JSON, "Origin": "https://example.org"})
    assert "Access-Control-Allow-Origin" not in headers
    # qgraph's store lock is held while serving: a writer is told, it does not race the engine.
    from click.testing import CliRunner

    from qgraph.cli import main

    result = CliRunner().invoke(main, ["ingest", "-q", "--store", str(library_store),
                                       str(Path(__file__))])
    assert (result.exit_code, result.output) == (
        1, f"Error: the store {library_store} is in use by another qgraph process or server; "
           "wait for it to finish or stop it\n")
    assert stop(proc) == 0
    assert proc.stderr is not None and b"Traceback" not in proc.stderr.read()
    for pid in engine_pids:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", urlsplit(url).port), timeout=1).close()


def test_serve_errors_are_one_line(tmp_path: Path, library_store: Path) -> None:  # noqa: F811
    from click.testing import CliRunner

    from qgraph.cli import main

    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none")])
    assert (result.exit_code, result.output) == (
        1, f"Error: no qgraph store at {tmp_path / 'none'} (run 'qgraph ingest' first, or pass --store)\n")
    result = CliRunner().invoke(main, ["serve", "--store", str(library_store), "--timeout", "0"])
    assert (result.exit_code, result.output) == (
        2, "Error: --timeout must be a positive number of seconds (0 is not allowed)\n")
