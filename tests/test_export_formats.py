"""qgraph export: every format read back by its reference reader, on a store built from the
real AN fixtures (plus a few enrichments and re-ask links), with counts checked against SPARQL
on the same store; determinism, filters, custom projections and errors."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from qgraph.cli import main
from qgraph.enrich.model import Enrichment, Mention, ThemeScore
from qgraph.export import WRITERS, ExportOptions, build_graph, export_graph
from qgraph.pipeline import IngestOptions, ingest
from qgraph.rdf import iris
from qgraph.rdf.enrichment import map_enrichment
from qgraph.rdf.nt import nquad
from qgraph.rdf.vocab import PREFIXES, QG
from qgraph.store import open_store

SEED_UID = "QANR5L16QE15221"
PREFIX = "".join(f"PREFIX {p}: <{b}>\n" for p, b in PREFIXES.items())

# Organisations and themes named in a few questions (keys of organisations.ttl / themes.ttl),
# mapped by the real enrichment mapper; the enrich stage itself is tested elsewhere.
ENRICHED = {
    SEED_UID: (("microsoft-azure", "health-data-hub", "cnil", "amazon-web-services"),
               (("digital-sovereignty", 0.9), ("cloud-hosting", 0.8), ("health-data", 0.7))),
    "QANR5L17QE357": (("cnil", "health-data-hub"), (("health-data", 0.6),)),
    "QANR5L16QG1": (("microsoft-azure", "cnil"), (("digital-sovereignty", 0.7), ("energy", 0.2))),
}
# Re-ask links as graph/links holds them: (earlier, relation, later).
LINKS = (("QANR5L14QE47351", "reasked", SEED_UID), (SEED_UID, "reaskedBy", "QANR5L17QE357"))


def build_export_store(path: Path, fixtures: Path, seed_page: Path) -> Path:
    """The fixture store: real AN questions, AMO records and the seed page (no enrich stage),
    then the enrichments and links above."""
    inputs = [fixtures / d for d in ("questions", "acteur", "organe", "mandat")]
    inputs += [fixtures / "legacy-q14_14-47351QE.xml", seed_page]
    with open_store(path) as store:
        report = ingest(store, inputs, IngestOptions(enrich=False))
        assert report.failed == 0, report.errors
        lines = []
        for uid, (orgs, themes) in ENRICHED.items():
            mentions = tuple(Mention(org, 10 * i, 10 * i + 5, org, "gazetteer", 1.0)
                             for i, org in enumerate(orgs))
            enrichment = Enrichment(mentions, tuple(ThemeScore(k, s) for k, s in themes), True)
            lines += [nquad(t, iris.enrich_graph(uid)) for t in map_enrichment(uid, enrichment)]
        lines += [nquad((iris.question(a), getattr(QG, rel), iris.question(b)), iris.LINKS_GRAPH)
                  for a, rel, b in LINKS]
        store.load_nquads("".join(lines).encode())
    return path


@pytest.fixture(scope="session")
def export_store(tmp_path_factory: pytest.TempPathFactory, an_fixtures: Path,
                 repo_root: Path) -> Path:
    return build_export_store(tmp_path_factory.mktemp("export") / "store", an_fixtures,
                              repo_root / "examples" / f"{SEED_UID}.txt")


def count(store_path: Path, where: str, what: str = "*") -> int:
    with open_store(store_path, read_only=True) as store:
        rows = list(store.query(f"{PREFIX}SELECT (COUNT(DISTINCT {what}) AS ?n) WHERE {{ {where} }}"))
    return int(rows[0]["n"].value)


def run_export(store_path: Path, fmt: str, **opts: object) -> bytes:
    with open_store(store_path, read_only=True) as store:
        return export_graph(store, fmt, ExportOptions(**opts)).data  # type: ignore[arg-type]


def all_formats(store_path: Path) -> dict[str, bytes]:
    """The overview in every format, from one build of the graph."""
    with open_store(store_path, read_only=True) as store:
        graph = build_graph(store)
    return {fmt: write(graph) for fmt, write in WRITERS.items()}


@pytest.fixture(scope="session")
def overview(export_store: Path) -> dict[str, bytes]:
    return all_formats(export_store)


@pytest.fixture(scope="session")
def overview_counts(export_store: Path) -> dict[str, int]:
    """Nodes per type and edges per type of the overview, counted independently in SPARQL."""
    c = {
        "question": count(export_store, "?q a qg:Question", "?q"),
        "deputy": count(export_store, "?q qg:author ?x", "?x"),
        "group": count(export_store, "?q qg:authorGroup ?x", "?x"),
        "ministry": count(export_store, "?q qg:ministryAsked|qg:ministryAssigned ?x", "?x"),
        "organisation": count(export_store, "?q qg:mentions ?x", "?x"),
        "theme": count(export_store, "?q a qg:Question ; qg:theme ?x", "?x"),
    }
    for pred, name in (("author", "e_author"), ("authorGroup", "e_group"),
                       ("ministryAsked", "e_asked"), ("ministryAssigned", "e_assigned"),
                       ("mentions", "e_mentions"), ("theme", "e_theme")):
        c[name] = count(export_store,
                        f"SELECT DISTINCT ?q ?x WHERE {{ ?q a qg:Question ; qg:{pred} ?x }}")
    c["e_member"] = count(export_store,
                          "SELECT DISTINCT ?d ?g WHERE { ?q qg:author ?d ; qg:authorGroup ?g }")
    return c


def test_fixture_store_has_what_the_projections_need(overview_counts: dict[str, int]) -> None:
    assert overview_counts["question"] == 308
    assert overview_counts["organisation"] == 4 and overview_counts["theme"] == 3
    assert overview_counts["deputy"] > 200 and overview_counts["ministry"] > 20


def _check_overview(g: nx.Graph, c: dict[str, int]) -> None:
    types = [d["type"] for _n, d in g.nodes(data=True)]
    for t in ("question", "deputy", "group", "ministry", "organisation", "theme"):
        assert types.count(t) == c[t], t
    assert g.number_of_nodes() == sum(c[t] for t in ("question", "deputy", "group", "ministry",
                                                       "organisation", "theme"))
    assert g.number_of_edges() == sum(v for k, v in c.items() if k.startswith("e_"))


def test_graphml_read_back(overview: dict[str, bytes], overview_counts: dict[str, int],
                           tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    path.write_bytes(overview["graphml"])
    g = nx.read_graphml(path)
    _check_overview(g, overview_counts)
    seed = g.nodes[str(iris.question(SEED_UID))[1:-1]]
    assert seed["label"] == "QE 15221 · L16" and seed["legislature"] == 16
    assert seed["status"] == "withdrawn" and seed["rubric"] == "sante"
    assert seed["url"] == f"https://www.assemblee-nationale.fr/dyn/16/questions/{SEED_UID}"
    assert seed["degree"] == 11 and isinstance(seed["pagerank"], float)
    assert isinstance(seed["community"], int)
    assert "answer_delay_days" not in seed  # withdrawn unanswered
    answered = g.nodes[str(iris.question("QANR5L17QE1173"))[1:-1]]  # published 2024-10-22, answered 2025-04-08
    assert answered["answer_delay_days"] == 168
    assert "None" not in path.read_text(encoding="utf-8")
    latombe = g.nodes["https://w3id.org/qgraph/id/person/name/philippe-latombe"]
    assert latombe["type"] == "deputy" and latombe["label"] == "Philippe Latombe"
    kinds = {(d["type"], g.nodes[v]["label"]) for u, v, d in g.edges(data=True)
             if u.endswith(SEED_UID)}
    assert {("author", "Philippe Latombe"), ("asked", "Premier ministre"),
            ("mentions", "Microsoft Azure")} <= kinds


def test_gexf_read_back_with_viz_and_spells(overview: dict[str, bytes],
                                            overview_counts: dict[str, int], tmp_path: Path) -> None:
    data = overview["gexf"]
    assert b"lastmodifieddate" not in data
    path = tmp_path / "g.gexf"
    path.write_bytes(data)
    g = nx.read_gexf(path)
    _check_overview(g, overview_counts)
    seed = g.nodes[str(iris.question(SEED_UID))[1:-1]]
    assert seed["viz"]["color"] == {"r": 0x4e, "g": 0x79, "b": 0xa7, "a": 1.0}
    assert seed["viz"]["size"] > 4
    assert seed["spells"] == [("2022-06-22", "2024-06-09")]
    assert all(not isinstance(v, list | tuple | dict) for _n, d in g.nodes(data=True)
               for k, v in d.items() if k not in ("viz", "spells"))
    edge_types = {d["edge_type"] for *_e, d in g.edges(data=True)}
    assert edge_types == {"author", "group", "asked", "assigned", "mentions", "theme", "member-of"}


def test_node_link_and_cytoscape_read_back(overview: dict[str, bytes],
                                           overview_counts: dict[str, int]) -> None:
    g = nx.node_link_graph(json.loads(overview["node-link"]), edges="edges")
    _check_overview(g, overview_counts)
    cyto = json.loads(overview["cytoscape"])
    nodes, edges = cyto["elements"]["nodes"], cyto["elements"]["edges"]
    assert len(nodes) == g.number_of_nodes() and len(edges) == g.number_of_edges()
    ids = {n["data"]["id"] for n in nodes}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert len({e["data"]["id"] for e in edges}) == len(edges)
    assert all({"label", "type", "iri"} <= n["data"].keys() for n in nodes)
    assert all({"type", "weight"} <= e["data"].keys() for e in edges)


def test_exports_are_byte_identical(export_store: Path, overview: dict[str, bytes]) -> None:
    again = all_formats(export_store)
    assert sorted(again) == ["cytoscape", "gexf", "graphml", "html", "node-link"]
    for fmt, data in again.items():
        assert data == overview[fmt], fmt


def test_weighted_projections_match_sparql(export_store: Path) -> None:
    with open_store(export_store, read_only=True) as store:
        dm = build_graph(store, ExportOptions(projection="deputy-ministry"))
        do = build_graph(store, ExportOptions(projection="deputy-organisation"))
        co = build_graph(store, ExportOptions(projection="organisation-co-mention"))
        tl = build_graph(store, ExportOptions(projection="theme-legislature"))
    pairs = "SELECT DISTINCT ?d ?m WHERE { ?q qg:author ?d ; qg:ministryAsked ?m }"
    assert dm.number_of_edges() == count(export_store, pairs)
    assert sum(w for *_e, w in dm.edges(data="weight")) == count(
        export_store, "SELECT DISTINCT ?q ?d ?m WHERE { ?q qg:author ?d ; qg:ministryAsked ?m }")
    latombe = "https://w3id.org/qgraph/id/person/name/philippe-latombe"
    assert set(do.successors(latombe)) == {str(iris.organisation(k))[1:-1] for k in ENRICHED[SEED_UID][0]}
    assert do.nodes[str(iris.organisation("cnil"))[1:-1]]["label"] == (
        "Commission nationale de l'informatique et des libertés")
    # The seed names 4 organisations (6 pairs); QE357 and QG1 name pairs the seed also names.
    weights = {frozenset((co.nodes[u]["label"], co.nodes[v]["label"])): w
               for u, v, w in co.edges(data="weight")}
    assert len(weights) == 6 and not co.is_directed()
    assert sorted(weights.values()) == [1, 1, 1, 1, 2, 2]
    theme_edges = {(tl.nodes[u]["label"], tl.nodes[v]["legislature"]): w
                   for u, v, w in tl.edges(data="weight")}
    assert sum(theme_edges.values()) == count(export_store, "SELECT DISTINCT ?q ?t WHERE { ?q a qg:Question ; qg:theme ?t }")
    assert {leg for _t, leg in theme_edges} == {16, 17}


def test_question_reasked_chains_across_legislatures(export_store: Path) -> None:
    with open_store(export_store, read_only=True) as store:
        g = build_graph(store, ExportOptions(projection="question-reasked"))
    by_uid = {d["uid"]: n for n, d in g.nodes(data=True)}
    assert sorted(by_uid) == ["QANR5L14QE47351", SEED_UID, "QANR5L17QE357"]
    edges = {(g.nodes[u]["uid"], d["type"], d["legislature"] if "legislature" in d else None,
              d["to_legislature"]) for u, v, d in g.edges(data=True)}
    assert {(u, t, to) for u, t, _l, to in edges} == {
        ("QANR5L14QE47351", "reasked", 16), (SEED_UID, "reasked-by", 17)}


def test_question_reasked_without_links_is_empty_but_valid(tmp_path: Path) -> None:
    with open_store(tmp_path / "empty"):
        pass
    data = run_export(tmp_path / "empty", "graphml", projection="question-reasked")
    g = nx.read_graphml(__import__("io").BytesIO(data))
    assert g.number_of_nodes() == 0
    assert json.loads(run_export(tmp_path / "empty", "cytoscape"))["elements"] == {"nodes": [], "edges": []}


def test_legislature_and_theme_filters(export_store: Path) -> None:
    with open_store(export_store, read_only=True) as store:
        l17 = build_graph(store, ExportOptions(legislatures=(17,)))
        l14_17 = build_graph(store, ExportOptions(legislatures=(14, 17)))
        health = build_graph(store, ExportOptions(themes=("health-data",)))
    questions = [d for _n, d in l17.nodes(data=True) if d["type"] == "question"]
    assert len(questions) == count(export_store, "?q a qg:Question ; qg:legislature qgid:legislature\\/17", "?q") == 9
    assert {d["legislature"] for d in questions} == {17}
    assert all(str(d["legislatures"]) == "17" for _n, d in l17.nodes(data=True))
    assert sum(d["type"] == "question" for _n, d in l14_17.nodes(data=True)) == 10
    assert sorted(d["uid"] for _n, d in health.nodes(data=True) if d["type"] == "question") == [
        SEED_UID, "QANR5L17QE357"]


def test_custom_select_projection(export_store: Path, tmp_path: Path) -> None:
    rq = tmp_path / "groups.rq"
    rq.write_text(PREFIX + """SELECT ?source ?target ?source_label ?target_label
        ("deputy" AS ?source_type) ("group" AS ?target_type) ("sits-in" AS ?type)
        (COUNT(DISTINCT ?q) AS ?weight) WHERE {
          ?q qg:author ?source ; qg:authorGroup ?target ; qg:legislature qgid:legislature\\/17 .
          OPTIONAL { ?source foaf:name ?source_label } OPTIONAL { ?target skos:prefLabel ?target_label }
        } GROUP BY ?source ?target ?source_label ?target_label""", encoding="utf-8")
    out = tmp_path / "groups.json"
    result = CliRunner().invoke(main, ["export", "--store", str(export_store), "--format",
                                       "node-link", "--query", str(rq), "-o", str(out)])
    assert result.exit_code == 0, result.output
    g = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    expected = count(export_store, "SELECT DISTINCT ?d ?g WHERE { ?q qg:author ?d ; qg:authorGroup ?g ; "
                                   "qg:legislature qgid:legislature\\/17 }")
    assert g.number_of_edges() == expected
    assert {d["type"] for *_e, d in g.edges(data=True)} == {"sits-in"}
    assert sum(w for *_e, w in g.edges(data="weight")) == 9
    assert {d["type"] for _n, d in g.nodes(data=True)} == {"deputy", "group"}


def test_custom_construct_projection(export_store: Path, tmp_path: Path) -> None:
    rq = tmp_path / "authors.rq"
    rq.write_text(PREFIX + """CONSTRUCT { ?q a qg:Question ; qg:author ?d ; dcterms:identifier ?uid .
                                        ?d foaf:name ?name }
        WHERE { ?q qg:author ?d ; qg:uid ?uid ; qg:legislature qgid:legislature\\/17 .
                OPTIONAL { ?d foaf:name ?name } }""", encoding="utf-8")
    with open_store(export_store, read_only=True) as store:
        g = build_graph(store, ExportOptions(query=rq.read_text(encoding="utf-8")))
    questions = [d for _n, d in g.nodes(data=True) if d["type"] == "question"]
    assert len(questions) == 9 and all(d["identifier"].startswith("QANR5L17") for d in questions)
    assert {d["type"] for *_e, d in g.edges(data=True)} == {"author"}
    assert g.number_of_edges() == 9


def test_custom_query_sanitised_in_one_place(export_store: Path, tmp_path: Path) -> None:
    """A custom query binding reserved names, unbound values and mixed types still gives
    valid GraphML and GEXF (no None, no list, one type per key)."""
    rq = tmp_path / "odd.rq"
    rq.write_text(PREFIX + """SELECT ?source ?target ?id ?note WHERE {
        VALUES (?source ?target ?id ?note) {
          (<urn:a> <urn:b> "x" 1) (<urn:b> <urn:c> UNDEF "two") (<urn:c> <urn:a> 3 UNDEF) } }""",
                  encoding="utf-8")
    query = rq.read_text(encoding="utf-8")
    with open_store(export_store, read_only=True) as store:
        graphml = export_graph(store, "graphml", ExportOptions(query=query)).data
        gexf = export_graph(store, "gexf", ExportOptions(query=query)).data
    assert b"None" not in graphml
    g = nx.read_graphml(__import__("io").BytesIO(graphml))
    notes = {(u, v): d.get("note") for u, v, d in g.edges(data=True)}
    assert notes == {("urn:a", "urn:b"): "1", ("urn:b", "urn:c"): "two", ("urn:c", "urn:a"): None}
    assert {d.get("id_") for *_e, d in g.edges(data=True)} == {"x", "3", None}
    assert nx.read_gexf(__import__("io").BytesIO(gexf)).number_of_edges() == 3


@pytest.mark.parametrize(("args", "status", "message"), [
    (["--projection", "overview", "--query", "Q"], 2, "Error: give either --projection or --query, not both"),
    (["--legislature", "16", "--query", "Q"], 2, "Error: --legislature and --theme apply to named "
                                                  "projections; restrict a --query in its own SPARQL"),
    (["--theme", "x> } ?s ?p ?o {"], 2, "Error: --theme expects a theme key or IRI, got 'x> } ?s ?p ?o {'"),
    (["--query", "BAD"], 1, "Error: the query bad.rq is not valid SPARQL: error at 1:7: expected one of"),
    (["--query", "ASK"], 1, "Error: the query ask.rq must be a SELECT or CONSTRUCT query (not ASK)"),
    (["--query", "NOVARS"], 1, "Error: the query novars.rq must bind ?source and ?target (or ?node); "
                               "it binds ?a"),
])
def test_export_errors(export_store: Path, tmp_path: Path, args: list[str], status: int,
                       message: str) -> None:
    files = {"Q": ("q.rq", "SELECT ?source ?target WHERE {}"), "BAD": ("bad.rq", "SELEKT"),
             "ASK": ("ask.rq", "ASK {}"), "NOVARS": ("novars.rq", "SELECT ?a WHERE {}")}
    argv = []
    for a in args:
        if a in files:
            name, text = files[a]
            (tmp_path / name).write_text(text, encoding="utf-8")
            a = str(tmp_path / name)
        argv.append(a)
    result = CliRunner().invoke(main, ["export", "--store", str(export_store), *argv])
    assert result.exit_code == status
    assert result.stderr.strip().startswith(message), result.stderr


def test_cli_formats_are_the_library_formats() -> None:
    from qgraph.commands.export import FORMAT_NAMES
    from qgraph.export import FORMATS
    assert FORMAT_NAMES == FORMATS


def test_cli_writes_stdout_and_reports_counts(export_store: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--store", str(export_store), "--format",
                                       "cytoscape", "--projection", "theme-legislature"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    n, e = len(data["elements"]["nodes"]), len(data["elements"]["edges"])
    assert (n, e) == (3 + 2, count(export_store, "SELECT DISTINCT ?t ?l WHERE { ?q qg:theme ?t ; qg:legislature ?l }"))
    assert result.stderr == f"qgraph: exported {n} nodes and {e} edges (theme-legislature, cytoscape)\n"
