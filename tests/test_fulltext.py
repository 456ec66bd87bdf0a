"""Full-text search: French-aware (accents, case), prefixes, BM25, kept in step with ingests,
and feeding question IRIs into named queries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixture_store import SEED, SEED_UID, library_store  # noqa: F401
from qgraph.cli import main
from qgraph.errors import QueryError
from qgraph.pipeline import IngestOptions, ingest, ingest_records
from qgraph.query import load_query
from qgraph.records import Origin, QuestionRecord
from qgraph.records.text import IndexedText
from qgraph.store import open_store
from qgraph.store.fulltext import (
    HASHSIZE,
    build_index,
    ensure_index,
    match_expression,
    queue_questions,
    queued,
    restrict_query,
    search,
    search_uids,
)

FAST = IngestOptions(enrich=False, links=False)


def record(uid: str, text: str, answer: str | None = None) -> QuestionRecord:
    leg = int(uid[6:8])
    return QuestionRecord(uid=uid, legislature=leg, type="QE", number=int(uid.split("QE")[1]),
                          origin=Origin(path="test", checksum=text), title="Titre", question_text=text,
                          answer_text=answer)


def text(uid: str, words: str, leg: int = 17, page: bool = False) -> IndexedText:
    return IndexedText(uid, leg, page, "Titre", words, None)


def assert_index_matches_its_rows(side) -> None:  # noqa: ANN001
    """FTS5's own check that the index holds exactly the words of ``fulltext_docs`` (it raises
    "database disk image is malformed" otherwise), and nothing is left queued."""
    side.db.execute("INSERT INTO fulltext (fulltext, rank) VALUES ('integrity-check', 1)")
    assert queued(side) == 0


def test_seed_page_is_found_by_its_words(tmp_path: Path) -> None:
    if not SEED.is_file():
        pytest.skip("the seed page is absent")
    with open_store(tmp_path / "s") as store:
        report = ingest(store, [SEED], FAST)
        assert report.failed == 0, report.errors
    result = CliRunner().invoke(main, ["search", "données de santé", "--store", str(tmp_path / "s"),
                                       "--format", "uids"])
    assert result.exit_code == 0, result.output
    assert result.output == f"{SEED_UID}\n"


def test_accents_case_prefix_and_legislature(library_store: Path) -> None:  # noqa: F811
    with open_store(library_store, read_only=True) as store:
        side = store.sidecar
        assert SEED_UID in search_uids(side, "DONNEES de sante")
        assert SEED_UID in search_uids(side, "hébergement azure", legislature=16)
        assert search_uids(side, "hébergement azure", legislature=14) == []
        assert set(search_uids(side, "souverain*")) >= {SEED_UID, "QANR5L17QE4242"}
        # whole words unless a prefix is asked for: only the decoy says "souverain"
        assert search_uids(side, "souverain") == ["QANR5L17QE4300"]
        assert set(search_uids(side, "emc2 omop")) == {SEED_UID, "QANR5L17QE4500", "QANR5L17QE4242"}
        hits = search(side, "vidéoprotection algorithmique", limit=5)
    assert [h.uid for h in hits] == ["QANR5L17QE4400"]
    assert "[vidéoprotection] [algorithmique]" in hits[0].snippet
    assert hits[0].iri == "https://w3id.org/qgraph/id/question/QANR5L17QE4400"


def test_answers_are_searched_and_reingest_replaces_the_row(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as store:
        ingest_records(store, [record("QANR5L17QE1", "Les pangolins du ministère.")], FAST)
        assert search_uids(store.sidecar, "pangolin*") == ["QANR5L17QE1"]
        ingest_records(store, [record("QANR5L17QE1", "Les ornithorynques.", answer="Réponse : les tatous.")],
                       FAST)
        assert search_uids(store.sidecar, "pangolin*") == []
        assert search_uids(store.sidecar, "ornithorynques") == ["QANR5L17QE1"]
        assert search_uids(store.sidecar, "tatous") == ["QANR5L17QE1"]
        count = store.sidecar.db.execute("SELECT count(*) FROM fulltext_docs").fetchone()[0]
        assert_index_matches_its_rows(store.sidecar)
    assert count == 1


def test_queued_rows_are_found_once_built_and_replaced_rows_leave_the_index(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as store:
        side = store.sidecar
        assert queue_questions(side, [text("QANR5L17QE1", "pangolins"), text("QANR5L17QE2", "tatous")]) == 2
        assert queued(side) == 2 and search_uids(side, "pangolins") == []
        # replaced while queued: it was never indexed, there is nothing to take out
        queue_questions(side, [text("QANR5L17QE1", "ornithorynques")])
        assert build_index(side) == 2
        assert_index_matches_its_rows(side)
        assert search_uids(side, "pangolins") == [] and search_uids(side, "ornithorynques") == ["QANR5L17QE1"]
        # replaced once indexed: its old words leave the index at once, the new come with the build
        queue_questions(side, [text("QANR5L17QE2", "okapis", leg=16)])
        assert search_uids(side, "tatous") == [] == search_uids(side, "okapis")
        assert build_index(side) == 1 and build_index(side) == 0
        assert_index_matches_its_rows(side)
        assert search_uids(side, "okapis", legislature=16) == ["QANR5L17QE2"]
        hits = search(side, "okapis")
    assert [(h.uid, h.title, h.snippet) for h in hits] == [("QANR5L17QE2", "Titre", "[okapis]")]


def test_an_index_of_the_older_layout_is_moved_and_built_again(tmp_path: Path) -> None:
    """Before 2026-12-07 the texts were kept inside the FTS5 table (no ``content=``)."""
    with open_store(tmp_path / "s") as store:
        db = store.sidecar.db
        db.execute("CREATE TABLE fulltext_docs (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, "
                   "legislature INTEGER NOT NULL)")
        db.execute("CREATE INDEX fulltext_docs_leg ON fulltext_docs (legislature)")
        db.execute("CREATE VIRTUAL TABLE fulltext USING fts5(title, question, answer, "
                   "tokenize = 'unicode61 remove_diacritics 2')")
        db.executemany("INSERT INTO fulltext_docs VALUES (?, ?, ?)", [(1, "QANR5L16QE7", 16), (2, "QANR5L17QE8", 17)])
        db.executemany("INSERT INTO fulltext (rowid, title, question, answer) VALUES (?, ?, ?, ?)",
                       [(1, "Cloud", "Hébergement des données", ""), (2, "Énergie", "Les éoliennes", "Réponse")])
        store.sidecar.commit()
        assert search_uids(store.sidecar, "donnees") == ["QANR5L16QE7"]
        ingest_records(store, [record("QANR5L17QE9", "Les pangolins.")], FAST)
        side = store.sidecar
        assert_index_matches_its_rows(side)
        assert side.db.execute("SELECT id, uid, title, question, answer FROM fulltext_docs ORDER BY id").fetchall() == [
            (1, "QANR5L16QE7", "Cloud", "Hébergement des données", ""),
            (2, "QANR5L17QE8", "Énergie", "Les éoliennes", "Réponse"),
            (3, "QANR5L17QE9", "Titre", "Les pangolins.", "")]
        assert search_uids(side, "donnees") == ["QANR5L16QE7"] and search_uids(side, "reponse") == ["QANR5L17QE8"]
        assert search_uids(side, "pangolins") == ["QANR5L17QE9"]


def test_index_rows_keep_their_ids_and_the_last_text_of_a_batch_wins(tmp_path: Path) -> None:
    def index_questions(side, texts: list[IndexedText]) -> int:  # noqa: ANN001
        written = queue_questions(side, texts)
        build_index(side)
        return written

    def rows(store) -> list[tuple[int, str, int]]:
        return store.sidecar.db.execute("SELECT id, uid, legislature FROM fulltext_docs ORDER BY id").fetchall()

    with open_store(tmp_path / "s") as store:
        side = store.sidecar
        written = index_questions(side, [text("QANR5L17QE1", "pangolins"), text("QANR5L17QE2", "tatous"),
                                         text("QANR5L17QE1", "ornithorynques")])
        assert written == 2
        assert rows(store) == [(1, "QANR5L17QE1", 17), (2, "QANR5L17QE2", 17)]
        assert search_uids(side, "pangolins") == [] and search_uids(side, "ornithorynques") == ["QANR5L17QE1"]
        # a known question keeps its id; a new one gets the next
        index_questions(side, [text("QANR5L17QE3", "lamantins"), text("QANR5L17QE2", "okapis", leg=16)])
        assert rows(store) == [(1, "QANR5L17QE1", 17), (2, "QANR5L17QE2", 16), (3, "QANR5L17QE3", 17)]
        assert search_uids(side, "tatous") == [] and search_uids(side, "okapis") == ["QANR5L17QE2"]
        assert side.db.execute("SELECT count(*) FROM fulltext").fetchone()[0] == 3
        assert_index_matches_its_rows(side)
        # a page's text never replaces the row of a question whose official record is in the store
        side.remember([("question", "QANR5L17QE3", "c", False, None)])
        assert index_questions(side, [text("QANR5L17QE3", "dugongs", page=True)]) == 0
        assert search_uids(side, "lamantins") == ["QANR5L17QE3"] and search_uids(side, "dugongs") == []


def test_index_writes_one_segment_per_batch_on_new_and_older_stores(tmp_path: Path) -> None:
    def hashsize(store) -> int | None:
        row = store.sidecar.db.execute("SELECT v FROM fulltext_config WHERE k = 'hashsize'").fetchone()
        return None if row is None else row[0]

    with open_store(tmp_path / "s") as store:
        ingest_records(store, [record("QANR5L17QE1", "Les pangolins du ministère.")], FAST)
        assert hashsize(store) == HASHSIZE
        # an index made before the setting (FTS5's default then applies) gets it at the next ingest
        store.sidecar.db.execute("DELETE FROM fulltext_config WHERE k = 'hashsize'")
        store.sidecar.commit()
        assert hashsize(store) is None
        ensure_index(store.sidecar)
        assert hashsize(store) == HASHSIZE
        ingest_records(store, [record("QANR5L17QE2", "Les ornithorynques.")], FAST)
        assert search_uids(store.sidecar, "pangolins") == ["QANR5L17QE1"]
        assert search_uids(store.sidecar, "ornithorynques") == ["QANR5L17QE2"]


def test_an_interrupted_ingest_never_remembers_a_record_without_its_row(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The commit that records a batch's checksums (when its load ends) also holds the batch's
    full-text rows: interrupted just after writing them, the next ingest indexes every record."""
    import qgraph.pipeline as pipeline

    words = ["pangolins", "tatous", "okapis", "ornithorynques"]
    records = [record(f"QANR5L17QE{n}", f"Les {words[n % 4]} numéro {n}.") for n in range(1, 13)]
    small = IngestOptions(enrich=False, links=False, batch_size=4, stream_records=4)
    real, calls = pipeline.index_texts, []

    def killed_in_the_second_batch(side, texts):  # noqa: ANN001, ANN202
        calls.append(len(texts))
        if len(calls) == 2:
            raise KeyboardInterrupt  # as if the process died here: nothing more is committed
        return real(side, texts)

    monkeypatch.setattr(pipeline, "index_texts", killed_in_the_second_batch)
    with pytest.raises(KeyboardInterrupt), open_store(tmp_path / "s") as store:
        ingest_records(store, records, small)
    monkeypatch.setattr(pipeline, "index_texts", real)
    with open_store(tmp_path / "s") as store:
        report = ingest_records(store, records, small)
        side = store.sidecar
        assert (report.new, report.unchanged) == (8, 4)  # the first batch's load had ended
        assert side.db.execute("SELECT count(*) FROM fulltext").fetchone() == (12,)
        assert_index_matches_its_rows(side)
        assert side.db.execute("SELECT count(*) FROM link_signatures").fetchone() == (12,)
        assert sorted(search_uids(side, "tatous")) == ["QANR5L17QE1", "QANR5L17QE5", "QANR5L17QE9"]


def test_a_load_failing_at_its_end_leaves_its_records_unremembered(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The checksums of a load's records are written while the load ends, and committed only
    once it has: when it fails at its end, the next ingest maps those records again."""
    from qgraph.store.streamload import StreamLoad

    words = ["pangolins", "tatous", "okapis", "ornithorynques"]
    records = [record(f"QANR5L17QE{n}", f"Les {words[n % 4]} numéro {n}.") for n in range(1, 13)]
    small = IngestOptions(enrich=False, links=False, batch_size=4, stream_records=4)
    real, closed = StreamLoad.close, []

    def fails_the_second_time(self: StreamLoad) -> None:
        real(self)
        closed.append(self)
        if len(closed) == 2:
            raise OSError("disk full")

    monkeypatch.setattr(StreamLoad, "close", fails_the_second_time)
    with pytest.raises(OSError, match="disk full"), open_store(tmp_path / "s") as store:
        ingest_records(store, records, small)
    monkeypatch.setattr(StreamLoad, "close", real)
    with open_store(tmp_path / "s") as store:
        assert store.sidecar.count("question") == 4  # the first load's records only
        report = ingest_records(store, records, small)
        assert (report.new, report.unchanged) == (8, 4)
        assert_index_matches_its_rows(store.sidecar)
        assert sorted(search_uids(store.sidecar, "okapis")) == ["QANR5L17QE10", "QANR5L17QE2", "QANR5L17QE6"]
        numbers = [int(r["n"].value) for r in store.select(
            "SELECT ?n WHERE { ?q a <https://w3id.org/qgraph/ontology#Question> ; "
            "<https://w3id.org/qgraph/ontology#number> ?n }")]
        assert sorted(numbers) == list(range(1, 13))  # each question once


def test_user_text_cannot_inject_fts_syntax() -> None:
    assert match_expression('NEAR("a" b) OR c*') == '"NEAR" "a" "b" "OR" "c"*'
    with pytest.raises(QueryError, match="nothing to search for"):
        match_expression('"*" ()')


def test_search_command_formats_and_errors(library_store: Path) -> None:  # noqa: F811
    runner = CliRunner()
    out = runner.invoke(main, ["search", "vidéoprotection", "--store", str(library_store), "--format", "json"])
    assert out.exit_code == 0
    data = json.loads(out.output)
    assert [(d["uid"], d["legislature"], d["iri"]) for d in data] == \
        [("QANR5L17QE4400", 17, "https://w3id.org/qgraph/id/question/QANR5L17QE4400")]
    csv_out = runner.invoke(main, ["search", "vidéoprotection", "--store", str(library_store), "--format", "csv"])
    assert csv_out.output.splitlines()[0] == "uid,legislature,score,title,snippet"
    bad = runner.invoke(main, ["search", "()", "--store", str(library_store)])
    assert (bad.exit_code, bad.output.strip()) == (1, "Error: nothing to search for in '()'")
    bad = runner.invoke(main, ["search", "x", "--store", str(library_store), "--limit", "0"])
    assert (bad.exit_code, bad.output.strip()) == (1, "Error: --limit must be at least 1")


def test_query_search_restricts_a_named_query(library_store: Path) -> None:  # noqa: F811
    runner = CliRunner()
    out = runner.invoke(main, ["query", "question-list", "--search", "Health Data Hub", "--store",
                               str(library_store), "--format", "csv"])
    assert out.exit_code == 0, out.output
    uids = [line.split(",")[0] for line in out.output.splitlines()[1:]]
    assert uids == [SEED_UID, "QANR5L17QE4242", "QANR5L17QE4300", "QANR5L17QE4301", "QANR5L17QE4500"]
    out = runner.invoke(main, ["query", "deputy-questions", "--search", "vidéoprotection", "--store",
                               str(library_store), "--format", "csv"])
    assert [line.split(",")[3] for line in out.output.splitlines()[1:]] == ["QANR5L17QE4400"]
    bad = runner.invoke(main, ["query", "group-successors", "--search", "santé", "--store", str(library_store)])
    assert (bad.exit_code, bad.output.strip()) == \
        (1, "Error: query group-successors has no ?q question variable to restrict")


def test_restrict_query_inserts_values_into_the_top_level_where() -> None:
    named = restrict_query(load_query("question-list"), ["QANR5L16QE15221", "QANR5L17QE1"])
    assert "WHERE {\n  VALUES ?q { <https://w3id.org/qgraph/id/question/QANR5L16QE15221> " \
           "<https://w3id.org/qgraph/id/question/QANR5L17QE1> }\n" in named.text


def test_the_index_is_built_while_the_load_writes_its_last_files(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches only queue their rows; the words are indexed after the load's input has ended and
    before the ingest waits for it (the load's last part keeps one core busy only)."""
    from qgraph.store.streamload import StreamLoad

    seen: list[tuple[bool, int]] = []
    real_close = StreamLoad.close

    def close(load: StreamLoad) -> None:
        seen.append((load._ended, queued(store.sidecar)))
        real_close(load)

    monkeypatch.setattr(StreamLoad, "close", close)
    records = [record(f"QANR5L17QE{n}", f"Les pangolins numéro {n}.") for n in range(1, 10)]
    with open_store(tmp_path / "s") as store:
        ingest_records(store, records, IngestOptions(enrich=False, links=False, batch_size=2, stream_records=4))
        assert seen == [(True, 0)] * 3  # three loads (4 + 4 + 1 records), each ended and indexed
        assert len(search_uids(store.sidecar, "pangolins")) == 9
        assert_index_matches_its_rows(store.sidecar)


def test_optimize_indexes_rows_an_interrupted_ingest_left_queued(tmp_path: Path) -> None:
    from qgraph.store.optimize import optimize_store

    with open_store(tmp_path / "s") as store:
        queue_questions(store.sidecar, [text("QANR5L17QE1", "pangolins"), text("QANR5L17QE2", "tatous")])
        store.sidecar.commit()
        assert queued(store.sidecar) == 2 and search_uids(store.sidecar, "pangolins") == []
        optimize_store(store)
        assert search_uids(store.sidecar, "pangolins") == ["QANR5L17QE1"]
        assert_index_matches_its_rows(store.sidecar)


def test_a_word_in_the_title_outranks_the_same_word_twice_in_an_answer(tmp_path: Path) -> None:
    """BM25 with the title weighing 3 and the answer 1: by plain BM25 (all weights 1) the answer
    that says the word twice would come first."""
    texts = [IndexedText("QANR5L17QE1", 17, False, "Autre sujet", "Une question.", "Les pangolins, les pangolins."),
             IndexedText("QANR5L17QE2", 17, False, "Les pangolins", "Une question.", "Une réponse sans rapport.")]
    texts += [text(f"QANR5L17QE{n}", "Les tatous.") for n in range(3, 7)]  # a rarer word weighs more
    with open_store(tmp_path / "s") as store:
        queue_questions(store.sidecar, texts)
        build_index(store.sidecar)
        plain = store.sidecar.db.execute(
            "SELECT d.uid FROM fulltext JOIN fulltext_docs d ON d.id = fulltext.rowid "
            "WHERE fulltext MATCH 'pangolins' ORDER BY bm25(fulltext)").fetchall()
        hits = search(store.sidecar, "pangolins")
    assert plain == [("QANR5L17QE1",), ("QANR5L17QE2",)]
    assert [h.uid for h in hits] == ["QANR5L17QE2", "QANR5L17QE1"] and hits[0].score > hits[1].score > 0
