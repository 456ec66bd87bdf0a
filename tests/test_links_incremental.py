"""The incremental links refresh: signatures are cached in the sidecar at ingest, only new or
changed texts are hashed and scored, stale links go, and graph/links ends the same whatever
the order and batching of the ingests (compared with a rebuild from scratch)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixture_store import (
    DECOY_SUBJECT,
    OTHER_SUBJECT,
    REASK_TEXT,
    SEED,
    SEED_TEXT,
    SEED_UID,
    page_text,
    verbatim_copy,
)
from qgraph.links import cache
from qgraph.links import reasked as reasked_module
from qgraph.links.minhash import STATS
from qgraph.links.refresh import refresh_links
from qgraph.pipeline import IngestOptions, ingest
from qgraph.rdf import iris
from qgraph.store import open_store
from qgraph.store.graphstore import GraphStore

pytestmark = pytest.mark.skipif(not SEED_TEXT, reason="the seed page is absent")

OPTS = IngestOptions(enrich=False, workers=0)
LATOMBE = ("M. Philippe Latombe", "Vendée (1^{re} circonscription) - Les Démocrates")
OTHERS = [("Mme Anne Exemple", "Paris (3^{e} circonscription) - Écologiste"),
          ("M. Jean Témoin", "Nord (2^{e} circonscription) - Horizons"),
          ("M. Paul Copie", "Loiret (4^{e} circonscription) - Droite républicaine")]
REASK_UID = "QANR5L17QE4242"


def page(folder: Path, leg: int, number: int, text: str, author: tuple[str, str] = LATOMBE,
         closing: str = "") -> Path:
    """A question page, written under a name that does not depend on its text."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"L{leg}-{number}.txt"
    path.write_text(page_text(leg, number, author[0], author[1], "Santé et accès aux soins",
                              f"Question {number}", "8 octobre 2024", text, closing), encoding="utf-8")
    return path


def links(store: GraphStore) -> list[str]:
    return sorted(str(q) for q in store.ox.quads_for_pattern(None, None, None, None)
                  if str(q.graph_name) == iris.LINKS_GRAPH and "successorGroup" not in str(q.predicate))


def reask_pairs(store: GraphStore) -> list[tuple[str, str, str, float]]:
    return [(s["e"].value.rsplit("/", 1)[-1], s["l"].value.rsplit("/", 1)[-1], s["r"].value.rsplit("#", 1)[-1],
             float(s["s"].value)) for s in store.query(  # type: ignore[union-attr]
        f"SELECT ?e ?l ?r ?s WHERE {{ GRAPH {iris.LINKS_GRAPH} {{ ?k a <https://w3id.org/qgraph/ontology#ReaskLink> ; "
        "<https://w3id.org/qgraph/ontology#earlierQuestion> ?e ; <https://w3id.org/qgraph/ontology#laterQuestion> ?l ; "
        "<https://w3id.org/qgraph/ontology#linkRelation> ?r ; <https://w3id.org/qgraph/ontology#similarity> ?s } } "
        "ORDER BY ?e ?l", union=False)]


def same_as_rebuild(store: GraphStore) -> list[str]:
    """graph/links now, after checking that a rebuild from scratch gives the same quads."""
    now = links(store)
    report = refresh_links(store, full=True)
    assert report.full and links(store) == now
    return now


def test_signatures_are_computed_once_at_ingest_and_reused(tmp_path: Path) -> None:
    pages = [page(tmp_path / "p", 17, 4242, REASK_TEXT), page(tmp_path / "p", 17, 4300, DECOY_SUBJECT, OTHERS[0]),
             page(tmp_path / "p", 17, 4400, OTHER_SUBJECT)]
    with open_store(tmp_path / "s") as store:
        before = STATS["signatures"]
        report = ingest(store, [SEED, *pages], OPTS)
        assert report.new == 4
        assert STATS["signatures"] - before == 4  # one per text, none again by the refresh
        assert [p[:3] for p in reask_pairs(store)] == [(SEED_UID, REASK_UID, "reasked")]
        rows = store.sidecar.db.execute("SELECT uid, source, length(signature) FROM link_signatures "
                                        "ORDER BY uid").fetchall()
        assert rows == [(SEED_UID, "page", 512), ("QANR5L17QE4242", "page", 512),
                        ("QANR5L17QE4300", "page", 512), ("QANR5L17QE4400", "page", 512)]
        assert store.sidecar.db.execute("SELECT count(*) FROM link_pending").fetchone()[0] == 0
        quads = links(store)

        before = STATS["signatures"]
        report = ingest(store, [SEED, *pages], OPTS)  # an unchanged re-ingest
        assert (report.unchanged, report.new, report.updated) == (4, 0, 0)
        again = refresh_links(store)
        assert (again.full, again.changed, again.hashed, again.scored) == (False, 0, 0, 0)
        assert STATS["signatures"] == before and links(store) == quads


def test_an_update_that_keeps_the_text_is_not_rehashed(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as store:
        ingest(store, [SEED, page(tmp_path / "p", 17, 4242, REASK_TEXT)], OPTS)
        quads = links(store)
        before = STATS["signatures"]
        # The same question, now withdrawn: the record changes, its text does not.
        report = ingest(store, [page(tmp_path / "p", 17, 4242, REASK_TEXT,
                                     closing="Question retirée le : 11 juin 2025 (Fin de mandat)")], OPTS)
        assert report.updated == 1
        assert STATS["signatures"] == before
        assert links(store) == quads


def test_a_changed_text_has_its_links_recomputed(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    with open_store(tmp_path / "s") as store:
        ingest(store, [SEED, page(folder, 17, 4242, REASK_TEXT), page(folder, 17, 4400, OTHER_SUBJECT)], OPTS)
        assert [p[:3] for p in reask_pairs(store)] == [(SEED_UID, REASK_UID, "reasked")]
        score = reask_pairs(store)[0][3]

        before = STATS["signatures"]
        ingest(store, [page(folder, 17, 4242, OTHER_SUBJECT.replace("vidéoprotection", "télésurveillance"))], OPTS)
        assert STATS["signatures"] - before == 1
        assert reask_pairs(store) == []  # the stale link is gone
        assert store.sidecar.db.execute("SELECT count(*) FROM link_pairs WHERE later = ?",
                                        [REASK_UID]).fetchone()[0] == 0

        ingest(store, [page(folder, 17, 4400, REASK_TEXT)], OPTS)  # another question takes the text
        assert [p[:3] for p in reask_pairs(store)] == [(SEED_UID, "QANR5L17QE4400", "reasked")]
        assert reask_pairs(store)[0][3] == score
        same_as_rebuild(store)


def test_a_question_whose_text_goes_loses_its_links(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    copy = verbatim_copy("M. Paul Copie interroge Mme la ministre de la santé")
    with open_store(tmp_path / "s") as store:
        ingest(store, [SEED, page(folder, 17, 4242, REASK_TEXT), page(folder, 17, 4500, copy, OTHERS[2])], OPTS)
        assert [p[:3] for p in reask_pairs(store)] == [(SEED_UID, REASK_UID, "reasked"),
                                                        (SEED_UID, "QANR5L17QE4500", "reaskedBy")]
        # Updated to a text too short to compare: no signature, no link.
        ingest(store, [page(folder, 17, 4242, "M. Philippe Latombe interroge M. le ministre sur Emc2.")], OPTS)
        assert store.sidecar.db.execute("SELECT signature FROM link_signatures WHERE uid = ?",
                                        [REASK_UID]).fetchone() == (None,)
        assert [p[:3] for p in reask_pairs(store)] == [(SEED_UID, "QANR5L17QE4500", "reaskedBy")]
        # Removed from the store (qgraph has no removal command yet; this is what one would do).
        store.drop_graphs([iris.record_graph("page", "QANR5L17QE4500")])
        cache.remove_rows(store.sidecar, ["QANR5L17QE4500"])
        report = refresh_links(store)
        assert (report.changed, report.reasked + report.reasked_by) == (1, 0)
        assert reask_pairs(store) == [] and links(store) == []
        assert same_as_rebuild(store) == []


def test_the_same_links_whatever_the_order_and_batches_of_ingests(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    copy = verbatim_copy("M. Paul Copie interroge Mme la ministre de la santé")
    pages = [SEED, page(folder, 17, 4242, REASK_TEXT), page(folder, 17, 4300, DECOY_SUBJECT, OTHERS[0]),
             page(folder, 17, 4400, OTHER_SUBJECT), page(folder, 17, 4500, copy, OTHERS[2]),
             page(folder, 16, 777, REASK_TEXT.replace("Cette question, posée sous la précédente législature, "
                                                      "n'a pas reçu de réponse. ", ""), OTHERS[1])]
    with open_store(tmp_path / "one") as store:
        ingest(store, pages, OPTS)
        together = links(store)
        pairs = reask_pairs(store)
    assert [p[:3] for p in pairs] == [("QANR5L16QE15221", "QANR5L17QE4242", "reasked"),
                                      ("QANR5L16QE15221", "QANR5L17QE4500", "reaskedBy"),
                                      ("QANR5L16QE777", "QANR5L17QE4242", "reaskedBy"),
                                      ("QANR5L16QE777", "QANR5L17QE4500", "reaskedBy")]
    with open_store(tmp_path / "two") as store:
        for path in reversed(pages):  # one ingest per page, later legislature first
            ingest(store, [path], OPTS)
        assert links(store) == together
        assert same_as_rebuild(store) == together
    with open_store(tmp_path / "three") as store:
        ingest(store, pages[::2], IngestOptions(enrich=False, workers=0, batch_size=1, links=False))
        assert not store.graph_exists(iris.LINKS_GRAPH)
        ingest(store, pages[1::2], IngestOptions(enrich=False, workers=0, batch_size=2))
        assert links(store) == together


def test_buckets_growing_past_and_falling_back_under_the_limit(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Four identical texts share every bucket; with a limit of 3 they are boilerplate. When
    one changes, the other three become candidates again, and stop being when it comes back;
    after each step the incremental result is the rebuild's."""
    monkeypatch.setattr(reasked_module, "MAX_BUCKET", 3)
    folder = tmp_path / "p"
    text = REASK_TEXT.replace("Philippe Latombe", "X")
    with open_store(tmp_path / "s") as store:
        ingest(store, [page(folder, 16, 1, text), page(folder, 17, 2, text), page(folder, 17, 3, text),
                       page(folder, 17, 4, text, OTHERS[0])], OPTS)
        assert same_as_rebuild(store) == []
        ingest(store, [page(folder, 17, 4, OTHER_SUBJECT, OTHERS[0])], OPTS)
        assert [p[:3] for p in reask_pairs(store)] == [("QANR5L16QE1", "QANR5L17QE2", "reasked"),
                                                        ("QANR5L16QE1", "QANR5L17QE3", "reasked")]
        assert {p[3] for p in reask_pairs(store)} == {1.0}
        same_as_rebuild(store)
        ingest(store, [page(folder, 17, 4, text, OTHERS[0])], OPTS)
        assert links(store) == []
        assert same_as_rebuild(store) == []


def test_a_store_without_a_current_cache_is_rebuilt_from_its_texts(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as store:
        ingest(store, [SEED, page(tmp_path / "p", 17, 4242, REASK_TEXT)], OPTS)
        quads = links(store)
        store.sidecar.set_state(cache.STATE_KEY, "an older method")
        store.sidecar.db.execute("DELETE FROM link_signatures")
        report = refresh_links(store)
        assert (report.full, report.hashed, report.reasked) == (True, 2, 1)
        assert links(store) == quads
        assert store.sidecar.get_state(cache.STATE_KEY) != "an older method"


def test_the_official_text_wins_over_the_page_and_the_page_fills_in(tmp_path: Path) -> None:
    from dataclasses import replace

    from qgraph.pipeline import ingest_records
    from qgraph.records import QuestionRecord
    from qgraph.records.model import Origin
    from qgraph.sources import iter_records

    reask = page(tmp_path / "p", 17, 4242, REASK_TEXT)
    paged = next(r for r in iter_records([reask]) if isinstance(r, QuestionRecord))
    official = replace(paged, origin=Origin("QANR5L17QE4242.json", checksum="x", kind="opendata"))

    def row() -> tuple[str, bool]:
        source, sig = store.sidecar.db.execute("SELECT source, signature FROM link_signatures WHERE uid = ?",
                                               [REASK_UID]).fetchone()
        return source, sig is not None

    with open_store(tmp_path / "s") as store:
        ingest(store, [SEED, reask], OPTS)
        assert row() == ("page", True)
        before = STATS["signatures"]
        ingest_records(store, [official], OPTS)  # the same text, now from the official record
        assert row() == ("question", True) and STATS["signatures"] == before
        assert [p[:3] for p in reask_pairs(store)] == [(SEED_UID, REASK_UID, "reasked")]
        ingest_records(store, [replace(official, question_text=OTHER_SUBJECT)], OPTS)
        assert row() == ("question", True) and STATS["signatures"] == before + 1
        assert reask_pairs(store) == []
        assert same_as_rebuild(store) == []
        ingest_records(store, [replace(official, question_text=None)], OPTS)  # the page's text again
        assert row() == ("page", True)
        assert [p[:3] for p in reask_pairs(store)] == [(SEED_UID, REASK_UID, "reasked")]
        same_as_rebuild(store)


def test_candidates_are_scored_from_the_sidecar_before_the_store_is_read(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The ingest scores re-ask candidates while its bulk load ends, from the texts of the
    full-text index (checked against the cached text hash): the links are those of a rebuild;
    a text the index holds otherwise (here: edited behind the cache's back) is read from the store."""
    from qgraph.links import refresh as refresh_module
    from qgraph.links.refresh import start_links

    folder = tmp_path / "p"
    pages = [SEED, page(folder, 17, 4242, REASK_TEXT), page(folder, 17, 4300, DECOY_SUBJECT, OTHERS[0])]
    with open_store(tmp_path / "s") as store:
        ingest(store, pages, IngestOptions(enrich=False, workers=0, links=False))
        read: list[set[str]] = []
        real_read_texts = refresh_module.read_texts
        monkeypatch.setattr(refresh_module, "read_texts",
                            lambda s, uids=None: read.append(set(uids or ())) or real_read_texts(s, uids))
        work = start_links(store.sidecar)  # no store: sidecar only
        assert work is not None and not work.full
        assert {SEED_UID, REASK_UID} <= work.cleaned.keys() and not work.unknown_texts()
        assert work.scores[(SEED_UID, REASK_UID)] >= 0.8
        refresh_links(store, work=work)
        assert read == []  # no text read from the store
        assert [p[:3] for p in reask_pairs(store)] == [(SEED_UID, REASK_UID, "reasked")]
        together = same_as_rebuild(store)
        # an indexed text that is not the cached one is not trusted
        store.sidecar.db.execute("UPDATE fulltext_docs SET question = 'autre chose' WHERE uid = ?", [REASK_UID])
        assert REASK_UID not in cache.cached_texts(store.sidecar, [SEED_UID, REASK_UID])
        assert SEED_UID in cache.cached_texts(store.sidecar, [SEED_UID, REASK_UID])
        store.sidecar.set_state(cache.STATE_KEY, "a cache of another version")
        store.sidecar.commit()
        assert start_links(store.sidecar) is None  # a rebuild needs the store
        read.clear()
        assert refresh_links(store).full and links(store) == together
        assert read and read[0] == set()  # the rebuild read every text from the store
