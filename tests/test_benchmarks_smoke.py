"""The benchmark corpus generator and the parallel ingest path, at a tiny size (no timings)."""

from __future__ import annotations

import importlib.util
import json
import sys
import zipfile
from pathlib import Path

import pytest

from qgraph.pipeline import IngestOptions, ingest
from qgraph.store import open_store

REPO = Path(__file__).resolve().parents[1]


def _bench_module(filename: str):
    """A script of benchmarks/ loaded as module ``bench_<stem>`` (registered in ``sys.modules``:
    dataclasses and the process pool look their module up there)."""
    name = f"bench_{Path(filename).stem}"
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / filename)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _generate_module():
    return _bench_module("generate.py")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench")
    manifest = _generate_module().generate(50, out, seed=7, workers=1)
    assert manifest["questions"] == 50
    return out / "corpus"


def _quads(store_path: Path) -> set[str]:
    with open_store(store_path, read_only=True) as store:
        return {str(q) for q in store.quads() if "graph/meta" not in str(q.graph_name)}


def _scalar(store, sparql: str) -> str:
    return next(iter(store.query(sparql)))[0].value


def test_generated_zip_holds_one_official_json_file_per_question(corpus: Path) -> None:
    names = []
    for path in sorted(corpus.glob("Questions_*.zip")):
        with zipfile.ZipFile(path) as zf:
            names += zf.namelist()
            first = json.loads(zf.read(zf.namelist()[0]))["question"]
            assert first["uid"] == Path(zf.namelist()[0]).stem
            assert set(first) >= {"identifiant", "auteur", "minInt", "minAttribs", "textesReponse", "cloture"}
    assert len(names) == 50
    assert all(n.startswith("json/QANR5L") and n.endswith(".json") for n in names)


def test_generator_is_deterministic(tmp_path: Path, corpus: Path) -> None:
    _generate_module().generate(50, tmp_path, seed=7, workers=1)
    for path in corpus.glob("*.zip"):
        assert (tmp_path / "corpus" / path.name).read_bytes() == path.read_bytes()


def test_ingest_of_generated_corpus(tmp_path: Path, corpus: Path) -> None:
    with open_store(tmp_path / "s") as store:
        report = ingest(store, [corpus], IngestOptions(enrich=False, links=False, workers=0))
        assert report.failed == 0 and report.questions == 50
        q = "PREFIX qg: <https://w3id.org/qgraph/ontology#> "
        assert _scalar(store, q + "SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE { ?q a qg:Question }") == "50"
        # every author is a deputy known from the AMO zip, with a name
        assert _scalar(store, q + "SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE { ?q qg:author ?d . "
                                  "?d <http://xmlns.com/foaf/0.1/familyName> ?name }") == "50"
        legs = {row[0].value for row in store.query(
            q + "SELECT DISTINCT ?n WHERE { ?q qg:legislature/qg:legislatureNumber ?n }")}
        assert legs == {"14", "15", "16", "17"}
        again = ingest(store, [corpus], IngestOptions(enrich=False, links=False, workers=0))
        assert (again.new, again.updated, again.unchanged) == (0, 0, report.new)


def test_parallel_ingest_gives_the_same_graph(tmp_path: Path, corpus: Path) -> None:
    for name, workers in (("serial", 0), ("parallel", 2)):
        with open_store(tmp_path / name) as store:
            ingest(store, [corpus], IngestOptions(enrich=False, links=False, workers=workers))
    assert _quads(tmp_path / "serial") == _quads(tmp_path / "parallel")


def test_workers_run_ahead_by_records_and_keep_the_reading_order(tmp_path: Path, corpus: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from qgraph import prepare
    from qgraph.prepare import Context, prepared_items, tasks_in_flight

    assert tasks_in_flight(2, 0, 0, 0) == 4  # two tasks per worker at least
    assert tasks_in_flight(2, 1000, 0, 0) == 8  # 1,000 records of one-record files: 5 tasks, + 1 + 2
    assert tasks_in_flight(2, 1000, 400, 4000) == 4  # ten records a file: half a task
    assert tasks_in_flight(2, 2000, 400, 400) == 13
    monkeypatch.setattr(prepare, "CHUNK", 3)  # many small tasks, many in flight
    with open_store(tmp_path / "s") as store:
        ctx = Context(str(store.sidecar.path), False, False, None)
        serial = [(p.kind, p.uid, p.checksum, p.lines) for p in prepared_items([corpus], ctx, store.sidecar.db, 0)]
        ahead = [(p.kind, p.uid, p.checksum, p.lines)
                 for p in prepared_items([corpus], ctx, store.sidecar.db, 2, ahead=30)]
    assert len(serial) > 50 and ahead == serial


def test_reingest_skips_files_read_before_and_sees_a_changed_one(tmp_path: Path, corpus: Path) -> None:
    with open_store(tmp_path / "s") as store:
        first = ingest(store, [corpus], IngestOptions(enrich=False, links=False, workers=2))
        assert store.sidecar.db.execute("SELECT count(*) FROM files").fetchone()[0] == first.new
    changed = tmp_path / "changed.json"
    with zipfile.ZipFile(corpus / "Questions_ecrites_L17.json.zip") as zf:
        name = zf.namelist()[0]
        doc = json.loads(zf.read(name))
    doc["question"]["indexationAN"]["rubrique"] = "numérique"
    changed.write_text(json.dumps(doc))
    with open_store(tmp_path / "s") as store:
        again = ingest(store, [corpus, changed], IngestOptions(enrich=False, links=False, workers=2))
        # the first version and the changed one are in the same batch: only the latter counts
        assert (again.new, again.updated, again.unchanged) == (0, 1, first.new - 1)
        uid = Path(name).stem
        rubric = _scalar(store, f'PREFIX qg: <https://w3id.org/qgraph/ontology#> SELECT ?l WHERE {{ '
                                f'?q qg:uid "{uid}" ; qg:rubric/<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }}')
        assert rubric == "numérique"


def _sidecar_rows(store_path: Path) -> tuple[list[tuple], list[tuple]]:
    with open_store(store_path, read_only=True) as store:
        db = store.sidecar.db
        signatures = db.execute("SELECT uid, legislature, source, text_hash, signature, lsh_keys "
                                "FROM link_signatures ORDER BY uid").fetchall()
        fulltext = db.execute("SELECT d.uid, d.legislature, f.title, f.question, f.answer FROM fulltext f "
                              "JOIN fulltext_docs d ON d.id = f.rowid ORDER BY d.uid").fetchall()
    return signatures, fulltext


def test_texts_prepared_by_workers_are_indexed_as_by_the_main_process(tmp_path: Path, corpus: Path) -> None:
    """Workers ship a question's texts and re-ask fingerprint instead of the record: the search
    index and the signature cache must hold exactly what mapping the records in-process gives."""
    from qgraph.pipeline import ingest_records
    from qgraph.sources import iter_records

    with open_store(tmp_path / "workers") as store:
        ingest(store, [corpus], IngestOptions(enrich=False, links=False, workers=2))
    with open_store(tmp_path / "main") as store:
        ingest_records(store, iter_records([corpus]), IngestOptions(enrich=False, links=False))
    signatures, fulltext = _sidecar_rows(tmp_path / "workers")
    assert len(fulltext) == 50 and sum(1 for row in signatures if row[4] is not None) >= 45
    assert (signatures, fulltext) == _sidecar_rows(tmp_path / "main")


def test_a_changed_answer_keeps_the_cached_signature(tmp_path: Path, corpus: Path) -> None:
    from qgraph.links.minhash import STATS

    with zipfile.ZipFile(corpus / "Questions_ecrites_L16.json.zip") as zf:
        name = zf.namelist()[0]
        doc = json.loads(zf.read(name))
    uid = Path(name).stem
    with open_store(tmp_path / "s") as store:
        ingest(store, [corpus], IngestOptions(enrich=False, links=False, workers=0))
        before = store.sidecar.db.execute("SELECT signature FROM link_signatures WHERE uid = ?", [uid]).fetchone()
    doc["question"]["textesReponse"] = {"texteReponse": {"texte": "Une réponse toute nouvelle.", "infoJO": None}}
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc))
    signed = STATS["signatures"]
    with open_store(tmp_path / "s") as store:
        again = ingest(store, [changed], IngestOptions(enrich=False, links=False, workers=0))
        assert again.updated == 1
        assert STATS["signatures"] == signed  # the text is the cached one: not signed again
        row = store.sidecar.db.execute("SELECT signature FROM link_signatures WHERE uid = ?", [uid]).fetchone()
        answer = store.sidecar.db.execute("SELECT f.answer FROM fulltext f JOIN fulltext_docs d ON d.id = f.rowid "
                                          "WHERE d.uid = ?", [uid]).fetchone()
    assert before is not None and before[0] is not None and row == before
    assert answer == ("Une réponse toute nouvelle.",)


def test_shared_lines_are_fed_once_and_the_shared_graph_holds_every_record_s(
        tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Records state the same facts of a deputy, group or ministry: the bulk load gets each
    graph/shared line once per ingest, and graph/shared still holds what every record states."""
    from qgraph.pipeline import _kind, _node, map_record
    from qgraph.rdf import iris
    from qgraph.rdf.nt import nquad
    from qgraph.rdf.questions import split_shared
    from qgraph.records import Record
    from qgraph.sources import iter_records
    from qgraph.store.streamload import StreamLoad

    fed: list[bytes] = []
    real_feed = StreamLoad.feed
    monkeypatch.setattr(StreamLoad, "feed", lambda self, data: fed.append(data) or real_feed(self, data))
    with open_store(tmp_path / "s") as store:
        ingest(store, [corpus], IngestOptions(enrich=False, links=False, workers=2))
        stored = {str(q) + " ." for q in store.ox.quads_for_pattern(None, None, None, None)
                  if str(q.graph_name) == iris.SHARED_GRAPH}
    shared_lines = [line for data in fed for line in data.decode().splitlines() if iris.SHARED_GRAPH in line]
    assert len(shared_lines) == len(set(shared_lines)) > 100
    stated = set()
    for rec in iter_records([corpus]):
        assert isinstance(rec, Record)
        _own, shared = split_shared(_node(_kind(rec), rec.uid), map_record(rec))
        stated |= {nquad(t, iris.SHARED_GRAPH).strip() for t in shared}
    assert len(stated) > 100 and stated <= {line.strip() for line in shared_lines}
    assert len(stored) == len(set(shared_lines))


def test_prepared_records_unpickle_whole_through_their_constructor() -> None:
    """What workers send back is rebuilt by the constructor (``pickled_by_constructor``), every
    field in its place: each field below differs from its default, so one left out shows."""
    import pickle
    from dataclasses import MISSING, fields

    from qgraph.prepare import Prepared
    from qgraph.records import Origin, QuestionRecord
    from qgraph.records.text import IndexedText, TextFingerprint
    from qgraph.sources.units import Unit

    fp = TextFingerprint(b"hash", b"signature", b"keys", True)
    text = IndexedText("QANR5L17QE1", 17, True, "Titre", "Question ?", "Réponse.", fp)
    record = QuestionRecord("QANR5L17QE1", 17, "QE", 1, Origin("q.json"))
    prep = Prepared("question", "QANR5L17QE1", "sum", record, b"<s> <p> <o> <g> .\n", b"<a> <b> <c> <g> .\n",
                    Unit("corpus.zip", "q.json"), "filehash", 17, True, "<ministry>", text)
    for obj in (fp, text, prep):
        for f in fields(obj):
            assert getattr(obj, f.name) != (None if f.default is MISSING else f.default), f.name
        assert obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)[0] is type(obj)
        back = pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == obj
        assert [getattr(back, f.name) for f in fields(obj)] == [getattr(obj, f.name) for f in fields(obj)]


def test_stage_benchmark_samples_question_files_and_runs_each_stage(tmp_path: Path, corpus: Path) -> None:
    bench = _bench_module("bench_stages.py")
    samples = tmp_path / "samples.pickle"
    assert bench.sample(str(corpus), 10, 0, samples) == 10  # AMO files are passed over
    stages = bench.Stages(samples, tmp_path)
    assert [[type(r).__name__ for r in items] for items in stages.stage("parse")()] == [["QuestionRecord"]] * 10
    prepared = [p for chunk in stages.stage("worker")() for p in chunk]
    assert len(prepared) == 10
    assert all(p.lines and p.text is not None and p.text.fingerprint is not None for p in prepared)
    assert len(stages.stage("fingerprint")()) == 10
    times = bench.cpu_times(stages, list(bench.STAGES), 1, 10)
    assert sorted(times) == sorted(bench.STAGES) and all(t > 0 for t in times.values())


def test_fulltext_benchmark_builds_the_same_index_both_ways(tmp_path: Path, corpus: Path) -> None:
    import sqlite3

    bench = _bench_module("bench_fulltext.py")
    texts = bench.corpus_texts(str(corpus), 40, 0)
    assert len(texts) == 40 and len({t.uid for t in texts}) == 40  # AMO files are passed over
    for name, per_batch in (("a", True), ("b", False)):
        (tmp_path / name).mkdir()
        batches, build = bench.run(texts, tmp_path / name, per_batch, batch=7)
        assert batches > 0 and build >= 0

    def index(name: str) -> list[tuple[str, int]]:
        with sqlite3.connect(tmp_path / name / "qgraph.sqlite") as db:
            db.execute("INSERT INTO fulltext (fulltext, rank) VALUES ('integrity-check', 1)")
            # every term of the index, with the number of rows holding it (FTS5 vocabulary)
            db.execute("CREATE VIRTUAL TABLE terms USING fts5vocab(fulltext, 'row')")
            return db.execute("SELECT term, doc FROM terms ORDER BY term").fetchall()

    per_batch, queued = index("a"), index("b")
    assert len(per_batch) > 500 and per_batch == queued


_BURNER = """
import multiprocessing, threading, time

def burn(seconds, clock=time.thread_time):
    start = clock()
    while clock() - start < seconds:
        pass

def child():
    burn(0.6)
    held = b"x" * (150 << 20)  # resident while it sleeps
    time.sleep(0.5)  # alive at the next sample, which reads its last CPU

if __name__ == "__main__":
    proc = multiprocessing.get_context("spawn").Process(target=child)
    proc.start()
    helper = threading.Thread(target=burn, args=(0.4,))
    helper.start()
    burn(0.3)
    time.sleep(0.4)  # the helper thread is read before it ends
    helper.join()
    proc.join()
    time.sleep(0.3)
"""


def test_timeline_charges_each_thread_s_cpu_to_its_group(tmp_path: Path) -> None:
    timeline = _bench_module("timeline.py")
    script = tmp_path / "burner.py"
    script.write_text(_BURNER)
    samples, status = timeline.record([sys.executable, str(script)], 0.05)
    assert status == 0
    total = {g: sum(s[g] for s in samples) for g in timeline.GROUPS}
    assert 0.55 <= total["children"] < 1.5  # the child's 0.6 s (and its interpreter's start)
    assert 0.3 <= total["main"] < 1.0  # 0.3 s burnt, plus the interpreter's start
    assert 0.35 <= total["threads"] < 0.8  # the helper's 0.4 s
    assert total["rocksdb"] == 0
    children_mb, main_mb = (max(s[m] for s in samples if m in s) for m in ("children MB", "main MB"))
    assert 150 <= children_mb < 250 and 5 < main_mb < 100  # the child's 150 MB; the parent stays small
    rows = timeline.table(samples, 0.5)
    assert rows[0].startswith("| from | main | threads | rocksdb | children | idle | steal | main MB | children MB |")
    assert rows[-1].startswith("| total, s") and f"{total['children']:.1f}" in rows[-1]
    assert rows[-1].endswith(f"| {main_mb:,.0f} | {children_mb:,.0f} |")


def test_memory_sampler_catches_a_process_tree_s_peak(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))  # run.py imports timeline.py beside it
    run = _bench_module("run.py")
    import subprocess

    # a child holding 200 MB for a second, then freeing it; its parent stays small
    code = ("import subprocess, sys; subprocess.run([sys.executable, '-c', "
            "'import time; b = b\"x\" * (200 << 20); time.sleep(1.0); del b; time.sleep(0.5)'])")
    proc = subprocess.Popen([sys.executable, "-c", code])
    with run.MemorySampler(proc.pid) as memory:  # shorter than pss_every: read as it grows
        proc.wait()
    assert 200 * 1024 <= memory.peak_rss < 300 * 1024  # kB: the child's 200 MB and two interpreters
    assert 200 * 1024 <= memory.peak_pss <= memory.peak_rss
    assert 0 < memory.cpu < 1.0
