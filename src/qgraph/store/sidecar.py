"""The SQLite file kept beside the Oxigraph store.

It holds what a triple store is bad at: the checksum of every ingested record (to skip
unchanged ones), the page records (so that a page can be merged again when the official record
or the AMO data arrives), the log of ingest runs, and the full-text index.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    kind TEXT NOT NULL,          -- question | page | acteur | mandat | organe
    uid TEXT NOT NULL,
    checksum TEXT NOT NULL,
    answered INTEGER NOT NULL DEFAULT 0,
    assigned TEXT,               -- current ministry IRI (questions)
    PRIMARY KEY (kind, uid)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pages (
    uid TEXT PRIMARY KEY,
    record TEXT NOT NULL         -- the page's QuestionRecord as JSON
);
CREATE TABLE IF NOT EXISTS ingests (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    ended TEXT,
    qgraph_version TEXT NOT NULL,
    summary TEXT                 -- JSON of the IngestReport
);
CREATE TABLE IF NOT EXISTS files (
    hash TEXT PRIMARY KEY,       -- hash of a file (or zip member) that holds one record
    kind TEXT NOT NULL,          -- that record, as read from it: re-reading the same bytes
    uid TEXT NOT NULL,           -- is skipped while the record still has this checksum
    checksum TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS state (
    key TEXT PRIMARY KEY,
    value TEXT
);
"""


@dataclass(frozen=True)
class Known:
    checksum: str
    answered: bool
    assigned: str | None


WAL_CHECKPOINT_PAGES = 16384
IN_CHUNK = 500
"""Values bound in one ``IN (…)`` list (SQLite allows 32,766 parameters; 500 keeps plans cheap)."""


def rows_in(db: sqlite3.Connection, sql: str, values: Iterable[object], first: Sequence[object] = ()) -> Iterator[tuple]:
    """The rows of ``sql`` for all ``values``: its ``{marks}`` becomes ``?, ?, …`` and it runs once
    per :data:`IN_CHUNK` values, each time bound to ``first`` then the chunk."""
    items = list(values)
    for i in range(0, len(items), IN_CHUNK):
        chunk = items[i:i + IN_CHUNK]
        yield from db.execute(sql.format(marks=",".join("?" * len(chunk))), [*first, *chunk])


class Sidecar:
    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
        if read_only:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True) if path.exists() \
                else sqlite3.connect(":memory:")
        else:
            self.db = sqlite3.connect(path)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            # Copy the log into the database every 64 MB rather than every 4 MB: an ingest batch
            # writes several MB of full-text segments, which automerge soon rewrites (BENCHMARKS.md).
            self.db.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
        if not read_only or not path.exists():
            self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    # records -----------------------------------------------------------------
    def known(self, kind: str, uids: Iterable[str]) -> dict[str, Known]:
        rows = rows_in(self.db, "SELECT uid, checksum, answered, assigned FROM records "
                                "WHERE kind = ? AND uid IN ({marks})", uids, [kind])
        return {uid: Known(checksum, bool(answered), assigned) for uid, checksum, answered, assigned in rows}

    def remember(self, rows: Iterable[tuple[str, str, str, bool, str | None]]) -> None:
        """Rows of (kind, uid, checksum, answered, assigned); committed with ``commit``."""
        self.db.executemany(
            "INSERT OR REPLACE INTO records (kind, uid, checksum, answered, assigned) "
            "VALUES (?, ?, ?, ?, ?)", [(k, u, c, int(a), s) for k, u, c, a, s in rows])

    # files (re-ingest skips the files it has read before, without parsing them) ---------
    def known_files(self, hashes: Iterable[str]) -> dict[str, tuple[str, str, str]]:
        """hash → (kind, uid, checksum) of the files still holding their record's current state."""
        return known_files_in(self.db, hashes)

    def remember_files(self, rows: Iterable[tuple[str, str, str, str]]) -> None:
        """Rows of (hash, kind, uid, checksum); committed with ``commit``."""
        self.db.executemany("INSERT OR REPLACE INTO files (hash, kind, uid, checksum) VALUES (?, ?, ?, ?)",
                            list(rows))

    def forget_files(self) -> None:
        self.db.execute("DELETE FROM files")

    def count(self, kind: str) -> int:
        return int(self.db.execute("SELECT count(*) FROM records WHERE kind = ?", [kind]).fetchone()[0])

    def has_record(self, kind: str, uid: str) -> bool:
        return self.db.execute("SELECT 1 FROM records WHERE kind = ? AND uid = ?",
                               [kind, uid]).fetchone() is not None

    # pages -------------------------------------------------------------------
    def save_page(self, uid: str, record_json: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO pages (uid, record) VALUES (?, ?)", [uid, record_json])

    def page_uids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT uid FROM pages")}

    def page(self, uid: str) -> str | None:
        row = self.db.execute("SELECT record FROM pages WHERE uid = ?", [uid]).fetchone()
        return row[0] if row else None

    # state -------------------------------------------------------------------
    def get_state(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM state WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_state(self, key: str, value: str | None) -> None:
        if value is None:
            self.db.execute("DELETE FROM state WHERE key = ?", [key])
        else:
            self.db.execute("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", [key, value])

    # ingest log --------------------------------------------------------------
    def start_ingest(self, started: str, version: str) -> int:
        cur = self.db.execute("INSERT INTO ingests (started, qgraph_version) VALUES (?, ?)",
                              [started, version])
        self.db.commit()
        return int(cur.lastrowid or 0)

    def end_ingest(self, ingest_id: int, ended: str, summary_json: str) -> None:
        self.db.execute("UPDATE ingests SET ended = ?, summary = ? WHERE id = ?",
                        [ended, summary_json, ingest_id])
        self.db.commit()

    def ingests(self, limit: int = 10) -> list[tuple[str, str | None, str, str | None]]:
        return list(self.db.execute(
            "SELECT started, ended, qgraph_version, summary FROM ingests ORDER BY id DESC LIMIT ?",
            [limit]))

    def commit(self) -> None:
        self.db.commit()


def known_files_in(db: sqlite3.Connection, hashes: Iterable[str]) -> dict[str, tuple[str, str, str]]:
    """``Sidecar.known_files`` on any connection (the ingest workers open their own)."""
    rows = rows_in(db, "SELECT f.hash, f.kind, f.uid, f.checksum FROM files f JOIN records r "
                       "ON r.kind = f.kind AND r.uid = f.uid AND r.checksum = f.checksum "
                       "WHERE f.hash IN ({marks})", hashes)
    return {h: (kind, uid, checksum) for h, kind, uid, checksum in rows}
