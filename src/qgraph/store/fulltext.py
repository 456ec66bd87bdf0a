"""Full-text search over question and answer texts (SQLite FTS5 in the store's sidecar).

Oxigraph has no full-text index, so qgraph keeps one beside it, in ``qgraph.sqlite``:

* ``fulltext_docs(id, uid, legislature, title, question, answer)`` holds each question's texts
  under a stable row id;
* ``fulltext(title, question, answer)`` is an FTS5 index of those rows (``content=fulltext_docs``:
  the texts are stored once) with the ``unicode61 remove_diacritics 2`` tokenizer (case and
  accents folded: ``donnees`` finds ``données``); ``souverain*`` is a prefix query, answered
  without prefix indexes (they made the index insert about twice as slow: 163 s → 134 s for 100k
  questions; ``dat*`` takes ~7 ms there);
* ``fulltext_queue(id)`` lists the rows written but not indexed yet.

The ingest writes each batch's rows (and queues them) in the commit that holds the batch, and
indexes the queue when a bulk load is ending (:func:`build_index`): the load's last part keeps
one core busy, and tokenising the texts, the largest piece of work in the main process, takes
the other (BENCHMARKS.md). A row is taken out of the index (FTS5 ``delete``, with the very
texts it was indexed with) before it is rewritten. A build writes a segment per 16 MB of terms
(``hashsize``), segments are merged 16 at a time (``automerge``). A page adds its row only when
no official record of the question is in the store.

Searching: every word of the user's text must occur (``AND``); ``word*`` is a prefix; results
are ranked by BM25 (title weighs 3, question 2, answer 1) and come with a snippet. Rows still
queued (an ingest interrupted before its load ended) are found once the next ingest or
``qgraph optimize`` has indexed them.
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

TABLES = {
    "fulltext_docs": """CREATE TABLE IF NOT EXISTS fulltext_docs (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        legislature INTEGER NOT NULL,
        title TEXT,
        question TEXT,
        answer TEXT
    )""",
    "fulltext_docs_leg": "CREATE INDEX IF NOT EXISTS fulltext_docs_leg ON fulltext_docs (legislature)",
    "fulltext_queue": "CREATE TABLE IF NOT EXISTS fulltext_queue (id INTEGER PRIMARY KEY)",
    "fulltext": """CREATE VIRTUAL TABLE IF NOT EXISTS fulltext USING fts5(
        title, question, answer,
        content = 'fulltext_docs', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
    )""",
}
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
    """Create the tables (one statement at a time: ``executescript`` would commit the caller's
    transaction), moving an index of an older layout (texts kept inside FTS5) to this one."""
    db = side.db
    present = {name: sql for name, sql in db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE name IN ({','.join('?' * len(TABLES))})", list(TABLES))}
    if "fulltext" in present and "content_rowid" not in present["fulltext"]:
        _move_older_index(db)
        present.pop("fulltext")
    for name, sql in TABLES.items():
        if name not in present:
            db.execute(sql)
    if "fulltext" not in present:
        # Merge segments 16 at a time instead of 4: a quarter less CPU for the index insert at
        # 100k questions (31.9 s -> 23.8 s), same search times (BENCHMARKS.md).
        db.execute("INSERT INTO fulltext (fulltext, rank) VALUES ('automerge', ?)", [AUTOMERGE])
    _ensure_hashsize(db)


def _move_older_index(db: sqlite3.Connection) -> None:
    """Stores made before 2026-12-07 kept the texts in the FTS5 table itself: copy them into
    ``fulltext_docs`` and queue every row, to be indexed again by the next build."""
    columns = _doc_columns(db)
    for column in ("title", "question", "answer"):
        if column not in columns:
            db.execute(f"ALTER TABLE fulltext_docs ADD COLUMN {column} TEXT")
    db.execute("UPDATE fulltext_docs SET title = f.title, question = f.question, answer = f.answer "
               "FROM fulltext f WHERE f.rowid = fulltext_docs.id")
    db.execute("DROP TABLE fulltext")
    db.execute(TABLES["fulltext_queue"])
    db.execute("INSERT OR IGNORE INTO fulltext_queue (id) SELECT id FROM fulltext_docs")


def _doc_columns(db: sqlite3.Connection) -> set[str]:
    return {row[1] for row in db.execute("PRAGMA table_info(fulltext_docs)")}


def stores_texts(side: Sidecar) -> bool:
    """Whether the full-text rows hold the texts: the layout since 2026-12-07 (a store of the
    older one is moved at its next ingest, see :func:`ensure_index`)."""
    return "question" in _doc_columns(side.db)


def _ensure_hashsize(db: sqlite3.Connection) -> None:
    """A segment per 16 MB of terms rather than per megabyte. With FTS5's 1 MB default, a batch
    of 2,000 questions (~10 MB of text) was written as ~10 small segments, merged again and again:
    indexing 100k questions batch by batch took 24-32 s of CPU, 17-21 s with 16 MB (same texts,
    same searches; BENCHMARKS.md)."""
    row = db.execute("SELECT v FROM fulltext_config WHERE k = 'hashsize'").fetchone()
    if row is None or row[0] != HASHSIZE:  # set on new indexes and on those of older stores
        db.execute("INSERT INTO fulltext (fulltext, rank) VALUES ('hashsize', ?)", [HASHSIZE])


def _has_table(side: Sidecar, name: str) -> bool:
    return side.db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone() is not None


def merge_segments(side: Sidecar) -> None:
    """Index the queued rows and merge the index's segments into one (FTS5 'optimize'), if there
    is an index."""
    if _has_table(side, "fulltext"):
        build_index(side)
        side.db.execute("INSERT INTO fulltext (fulltext) VALUES ('optimize')")
        side.db.commit()


def queue_questions(side: Sidecar, texts: Iterable[IndexedText]) -> int:
    """Add or replace the rows of these questions and queue them for :func:`build_index` (all
    committed by the caller's ``commit``); where a question comes twice, the last text wins.
    Returns the number of rows written."""
    ensure_index(side)
    db = side.db
    latest: dict[str, IndexedText] = {}
    for text in texts:
        if text.from_page and side.has_record("question", text.uid):
            continue  # the official record's row wins
        latest[text.uid] = text  # at the place of its first text: the id it would have had
    known: dict[str, int] = dict(rows_in(db, "SELECT uid, id FROM fulltext_docs WHERE uid IN ({marks})", latest))
    queued = {doc_id for (doc_id,) in rows_in(db, "SELECT id FROM fulltext_queue WHERE id IN ({marks})",
                                               known.values())}
    # out of the index with the texts it holds, before they are replaced
    db.executemany("INSERT INTO fulltext (fulltext, rowid, title, question, answer) "
                   "SELECT 'delete', id, title, question, answer FROM fulltext_docs WHERE id = ?",
                   [(doc_id,) for doc_id in known.values() if doc_id not in queued])
    db.executemany("UPDATE fulltext_docs SET legislature = ?, title = ?, question = ?, answer = ? WHERE id = ?",
                   [(*_columns(latest[uid]), doc_id) for uid, doc_id in known.items()])
    # ids as SQLite would give them one insert at a time (the largest plus one), given at once
    next_id = int(db.execute("SELECT coalesce(max(id), 0) + 1 FROM fulltext_docs").fetchone()[0])
    new = [uid for uid in latest if uid not in known]
    ids = known | {uid: next_id + i for i, uid in enumerate(new)}
    db.executemany("INSERT INTO fulltext_docs (id, uid, legislature, title, question, answer) "
                   "VALUES (?, ?, ?, ?, ?, ?)", [(ids[uid], uid, *_columns(latest[uid])) for uid in new])
    db.executemany("INSERT OR IGNORE INTO fulltext_queue (id) VALUES (?)", [(ids[uid],) for uid in latest])
    return len(latest)


def _columns(text: IndexedText) -> tuple[int, str, str, str]:
    return text.legislature, text.title, text.question or "", text.answer or ""


def build_index(side: Sidecar) -> int:
    """Index the queued rows (committed by the caller's ``commit``); returns how many. One SQL
    statement, during which SQLite releases the GIL."""
    count = queued(side)  # a queue is made by ensure_index: the index is there, set up
    if count:
        db = side.db
        db.execute("INSERT INTO fulltext (rowid, title, question, answer) SELECT d.id, d.title, d.question, "
                   "d.answer FROM fulltext_queue q JOIN fulltext_docs d ON d.id = q.id ORDER BY q.id")
        db.execute("DELETE FROM fulltext_queue")
    return count


def queued(side: Sidecar) -> int:
    """Rows written but not indexed yet."""
    if not _has_table(side, "fulltext_queue"):
        return 0
    return int(side.db.execute("SELECT count(*) FROM fulltext_queue").fetchone()[0])


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
    # FTS5 sorts by its rank column itself, so the title and snippet are read for the rows
    # returned only: 2-3x faster than ORDER BY bm25(...) for words in thousands of texts.
    where = "fulltext MATCH ? AND fulltext.rank MATCH 'bm25(3.0, 2.0, 1.0)'"
    args: list[object] = [match_expression(text)]
    if legislature is not None:
        where += " AND d.legislature = ?"
        args.append(legislature)
    sql = (f"SELECT d.uid, d.legislature, fulltext.title, snippet(fulltext, -1, '[', ']', '…', 16), fulltext.rank "
           f"FROM fulltext JOIN fulltext_docs d ON d.id = fulltext.rowid WHERE {where} ORDER BY fulltext.rank LIMIT ?")
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
