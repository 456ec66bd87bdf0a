"""Full-text search over question and answer texts (SQLite FTS5 in the store's sidecar).

Oxigraph has no full-text index, so qgraph keeps one beside it, in ``qgraph.sqlite``:

* ``fulltext_docs(id, uid, legislature)`` gives each question a stable row id;
* ``fulltext(title, question, answer)`` is an FTS5 table with the ``unicode61
  remove_diacritics 2`` tokenizer (case and accents folded: ``donnees`` finds ``données``); ``souverain*`` is a prefix query,
  answered without prefix indexes (they made the index insert, the ingest's critical path,
  about twice as slow: 163 s → 134 s for 100k questions; ``dat*`` takes ~7 ms there).

The ingest indexes each question in the same batch as its graph is loaded and commits both with
the record's checksum; a re-ingested question replaces its row. Segments are merged 16 at a time
(``automerge``) and each batch is written as one segment (``hashsize``): the index insert is the
ingest's largest piece of work in the main process. A page adds its row only when
no official record of the question is in the store.

Searching: every word of the user's text must occur (``AND``); ``word*`` is a prefix; results
are ranked by BM25 (title weighs 3, question 2, answer 1) and come with a snippet.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace

from qgraph.errors import QueryError, StoreError
from qgraph.query.named import NamedQuery
from qgraph.rdf import iris
from qgraph.records.text import IndexedText
from qgraph.store.sidecar import Sidecar, rows_in

SCHEMA = """
CREATE TABLE IF NOT EXISTS fulltext_docs (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    legislature INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS fulltext_docs_leg ON fulltext_docs (legislature);
CREATE VIRTUAL TABLE IF NOT EXISTS fulltext USING fts5(
    title, question, answer,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""
AUTOMERGE = 16
HASHSIZE = 16 << 20
"""Bytes of pending terms FTS5 holds in memory before it writes a segment (its default: 1 MB)."""
_TOKEN = re.compile(r"[\w]+\*?")


@dataclass(frozen=True)
class Hit:
    uid: str
    legislature: int
    title: str
    snippet: str
    score: float  # BM25, higher is better

    @property
    def iri(self) -> str:
        return iris.question(self.uid)[1:-1]


def ensure_index(side: Sidecar) -> None:
    db = side.db
    present = {name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE name IN ('fulltext', 'fulltext_docs', 'fulltext_docs_leg')")}
    if len(present) < 3:  # checked per batch: executescript would also commit the caller's transaction
        db.executescript(SCHEMA)
    if "fulltext" not in present:
        # Merge segments 16 at a time instead of 4: a quarter less CPU for the index insert at
        # 100k questions (31.9 s -> 23.8 s), same search times (BENCHMARKS.md).
        db.execute("INSERT INTO fulltext (fulltext, rank) VALUES ('automerge', ?)", [AUTOMERGE])
    _ensure_hashsize(db)


def _ensure_hashsize(db: sqlite3.Connection) -> None:
    """One segment per ingest batch rather than one per megabyte of terms. With FTS5's 1 MB
    default, a batch of 2,000 questions (~10 MB of text) was written as ~10 small segments,
    merged again and again: the index insert of 100k questions took 24-32 s of CPU, 17-21 s with
    16 MB (same texts, same searches; BENCHMARKS.md)."""
    row = db.execute("SELECT v FROM fulltext_config WHERE k = 'hashsize'").fetchone()
    if row is None or row[0] != HASHSIZE:  # set on new indexes and on those of older stores
        db.execute("INSERT INTO fulltext (fulltext, rank) VALUES ('hashsize', ?)", [HASHSIZE])


def merge_segments(side: Sidecar) -> None:
    """Merge the index's segments into one (FTS5 'optimize'), if there is an index."""
    if side.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'fulltext'").fetchone():
        side.db.execute("INSERT INTO fulltext (fulltext) VALUES ('optimize')")
        side.db.commit()


def index_questions(side: Sidecar, texts: Iterable[IndexedText]) -> int:
    """Add or replace the rows of these questions (committed by the caller's ``commit``); where a
    question comes twice, the last text wins. Returns the number of rows written."""
    ensure_index(side)
    db = side.db
    latest: dict[str, IndexedText] = {}
    for text in texts:
        if text.from_page and side.has_record("question", text.uid):
            continue  # the official record's row wins
        latest[text.uid] = text  # at the place of its first text: the id it would have had
    known: dict[str, int] = dict(rows_in(db, "SELECT uid, id FROM fulltext_docs WHERE uid IN ({marks})", latest))
    db.executemany("DELETE FROM fulltext WHERE rowid = ?", [(doc_id,) for doc_id in known.values()])
    db.executemany("UPDATE fulltext_docs SET legislature = ? WHERE id = ?",
                   [(latest[uid].legislature, doc_id) for uid, doc_id in known.items()])
    # ids as SQLite would give them one insert at a time (the largest plus one), given at once
    next_id = int(db.execute("SELECT coalesce(max(id), 0) + 1 FROM fulltext_docs").fetchone()[0])
    new = [uid for uid in latest if uid not in known]
    ids = known | {uid: next_id + i for i, uid in enumerate(new)}
    db.executemany("INSERT INTO fulltext_docs (id, uid, legislature) VALUES (?, ?, ?)",
                   [(ids[uid], uid, latest[uid].legislature) for uid in new])
    db.executemany("INSERT INTO fulltext (rowid, title, question, answer) VALUES (?, ?, ?, ?)",
                   [(ids[t.uid], t.title, t.question or "", t.answer or "") for t in latest.values()])
    return len(latest)


def match_expression(text: str) -> str:
    """The FTS5 query for a user's words: each one quoted (so no operator can be injected),
    ``word*`` kept as a prefix, all required."""
    terms = []
    for token in _TOKEN.findall(text):
        word, star = (token[:-1], "*") if token.endswith("*") else (token, "")
        if word:
            terms.append(f'"{word}"{star}')
    if not terms:
        raise QueryError(f"nothing to search for in {text!r}")
    return " ".join(terms)


def search(side: Sidecar, text: str, limit: int = 20, legislature: int | None = None) -> list[Hit]:
    """Questions whose title, text or answer hold every word of ``text``, best first."""
    if limit < 1:
        raise QueryError("--limit must be at least 1")
    where = "fulltext MATCH ?"
    args: list[object] = [match_expression(text)]
    if legislature is not None:
        where += " AND d.legislature = ?"
        args.append(legislature)
    sql = (f"SELECT d.uid, d.legislature, fulltext.title, "
           f"snippet(fulltext, -1, '[', ']', '…', 16), bm25(fulltext, 3.0, 2.0, 1.0) AS rank "
           f"FROM fulltext JOIN fulltext_docs d ON d.id = fulltext.rowid "
           f"WHERE {where} ORDER BY rank LIMIT ?")
    try:
        rows = side.db.execute(sql, [*args, limit]).fetchall()
    except sqlite3.OperationalError as err:
        if "no such table" in str(err):
            raise StoreError("this store has no full-text index yet; ingest questions first") from None
        raise QueryError(f"full-text search failed: {err}") from None
    return [Hit(uid, int(leg), title or "", snip or "", round(-float(rank), 4))
            for uid, leg, title, snip, rank in rows]


def search_uids(side: Sidecar, text: str, limit: int = 1000, legislature: int | None = None) -> list[str]:
    return [h.uid for h in search(side, text, limit, legislature)]


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def restrict_query(query: NamedQuery, uids: Iterable[str]) -> NamedQuery:
    """The query with ``VALUES ?q { … }`` (question IRIs built from uids) opening its top-level
    WHERE block, so its question variable ``?q`` only takes those values."""
    masked = re.sub(r"#[^\n]*", lambda m: " " * len(m.group()), query.text)
    if not re.search(r"\?q\b", masked):
        raise QueryError(f"query {query.name} has no ?q question variable to restrict")
    m = _WHERE.search(masked)
    if m is None:
        raise QueryError(f"query {query.name} has no WHERE block to restrict")
    values = " ".join(iris.question(u) for u in uids)
    text = f"{query.text[:m.end()]}\n  VALUES ?q {{ {values} }}\n{query.text[m.end():]}"
    return replace(query, text=text)
