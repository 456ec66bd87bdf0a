"""The ingest's one bulk load (``store/streamload.py``): what it refuses, and how its error
reaches the ingest."""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from qgraph.store.streamload import StreamLoad

G = "<https://w3id.org/qgraph/graph/g>"


def line(subject: str, n: int = 1) -> bytes:
    return f'<{subject}> <https://w3id.org/qgraph/id/p> "{n}" {G} .\n'.encode()


def test_a_malformed_line_fails_the_load_and_later_feeds_do_not_block(tmp_path: Path) -> None:
    """The error is raised by ``close``; feeds after it do not wait for a reader that is gone
    (the queue holds 2 chunks)."""
    load = StreamLoad(ox.Store(str(tmp_path / "s")))
    bad = line("https://w3id.org/qgraph/id/a").replace(b" .\n", b"\n")  # no final dot
    load.feed(bad + line("https://w3id.org/qgraph/id/c") * 40_000)  # more than the reader's buffer
    feeding = threading.Thread(target=lambda: [load.feed(line("https://w3id.org/qgraph/id/b", n))
                                               for n in range(10)], daemon=True)
    feeding.start()
    feeding.join(timeout=30)
    assert not feeding.is_alive(), "feed() blocked after the load failed"
    with pytest.raises(SyntaxError, match="line 2"):
        load.close()


def test_the_load_validates_iris(tmp_path: Path) -> None:
    """The load is not ``lenient``: an IRI with a space is refused, not stored. (Lenient loading
    runs ~20 % fewer instructions but peaks ~100 MB higher at 100k; BENCHMARKS.md.)"""
    load = StreamLoad(ox.Store(str(tmp_path / "s")))
    load.feed(line("https://w3id.org/qgraph/id/a b"))
    with pytest.raises(SyntaxError, match="Invalid IRI"):
        load.close()


def test_what_was_fed_is_in_the_store_once_closed(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "s"))
    load = StreamLoad(store)
    for n in range(2000):
        load.feed(line(f"https://w3id.org/qgraph/id/q{n % 500}", n))
    load.close()
    assert load.fed == sum(len(line(f"https://w3id.org/qgraph/id/q{n % 500}", n)) for n in range(2000))
    assert len(store) == 2000
    assert len({q.subject for q in store}) == 500


def test_parts_are_fed_in_pieces_of_bounded_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``feed_parts`` joins parts into pieces of about ``PIECE`` bytes: every part reaches the
    store, in pieces no larger than ``PIECE`` plus one part."""
    from qgraph.store import streamload

    monkeypatch.setattr(streamload, "PIECE", 1000)
    store = ox.Store(str(tmp_path / "s"))
    load = StreamLoad(store)
    pieces: list[int] = []
    real_feed = load.feed
    monkeypatch.setattr(load, "feed", lambda data: (pieces.append(len(data)), real_feed(data)))
    parts = [line(f"https://w3id.org/qgraph/id/q{n}", n) * (1 + n % 5) for n in range(300)]
    load.feed_parts(parts)
    load.close()
    assert sum(pieces) == load.fed == sum(len(p) for p in parts)
    assert len(pieces) > 10 and max(pieces) < 1000 + max(len(p) for p in parts)
    assert len(store) == 300
