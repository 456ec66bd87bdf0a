"""What re-ask detection keeps in the sidecar (``qgraph.sqlite``), filled by every ingest batch.

* ``link_signatures``: one row per question with a text — its legislature, where the text
  comes from (``question``: the official record; ``page``: a question page, used only while no
  official record gives a text, as in the store where the official facts win), a hash of the
  cleaned text with the legislature, the MinHash signature (``NUM_PERM`` little-endian uint32)
  and its LSH band keys (``BANDS`` uint64: what a refresh loads for every question); both NULL
  when the text is too short to compare. ``index_texts`` (called by the ingest
  for the questions of each batch, in the batch's transaction) hashes a text only when its
  cleaned text hashes differently from the row's.
* ``link_pending``: the questions whose row changed (or went) since the last refresh, with the
  band keys they had then (the LSH buckets they leave). The refresh recomputes
  their links and empties the table in the transaction that rewrites ``graph/links``.
* ``link_pairs``: every LSH candidate pair whose score passed ``REASKED_MIN``, with its score.
  A score depends on the two texts only, so a row stays valid until one of its questions
  changes; ``qg:reasked`` or ``qg:reaskedBy`` is decided at each refresh with the authors the
  store holds then (a page's author may turn into an AN deputy when AMO data arrives).

``links.method`` in the ``state`` table is the ``CACHE_VERSION`` the rows were made with. A
store that held no question yet when the tables were created starts with the current version
(the cache is complete from its first batch). Another version, or none (a store that held
questions before the cache existed): the ingest leaves the tables alone and the next refresh
drops them and rebuilds them from the texts in the store.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from qgraph.links.params import BANDS, CACHE_VERSION, MIN_WORDS, NUM_PERM
from qgraph.links.text import clean_text, word_count
from qgraph.records.codec import question_from_json
from qgraph.records.text import IndexedText, TextFingerprint
from qgraph.store.fulltext import stores_texts
from qgraph.store.sidecar import Sidecar, rows_in

if TYPE_CHECKING:  # numpy is imported when a text is hashed, not by ``import qgraph.pipeline``
    import numpy as np

STATE_KEY = "links.method"

SCHEMA = """
CREATE TABLE IF NOT EXISTS link_signatures (
    uid TEXT PRIMARY KEY,
    legislature INTEGER NOT NULL,
    source TEXT NOT NULL,        -- question (official record) | page
    text_hash BLOB NOT NULL,     -- blake2b of legislature + cleaned text
    signature BLOB,              -- MinHash values, NULL when the text is too short
    lsh_keys BLOB                -- its LSH band keys (BANDS little-endian uint64)
);
CREATE TABLE IF NOT EXISTS link_pending (
    uid TEXT PRIMARY KEY,        -- row changed or removed since the last links refresh
    old_keys BLOB                -- its LSH band keys at the last refresh (NULL: none)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS link_pairs (
    earlier TEXT NOT NULL,       -- uid of the question of the lower legislature
    later TEXT NOT NULL,
    score REAL NOT NULL,         -- char 3-5-gram cosine, rounded to 4 places
    PRIMARY KEY (earlier, later)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS link_pairs_later ON link_pairs (later)
"""

Row = tuple[str, int, str, str]  # uid, legislature, source, raw text


def ensure_tables(side: Sidecar) -> bool:
    """Create the tables if needed; True when their rows are of the current ``CACHE_VERSION``
    (otherwise the next refresh rebuilds them from the store, and the ingest leaves them)."""
    exists = side.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'link_signatures'").fetchone()
    if exists:
        return side.get_state(STATE_KEY) == CACHE_VERSION
    _create(side)
    if side.db.execute("SELECT 1 FROM records WHERE kind IN ('question', 'page') LIMIT 1").fetchone():
        return False  # a store that holds questions from before the cache existed
    side.set_state(STATE_KEY, CACHE_VERSION)
    return True


def _create(side: Sidecar) -> None:
    # One statement at a time: ``executescript`` would commit the caller's open transaction.
    for statement in SCHEMA.split(";"):
        side.db.execute(statement)


def text_hash(legislature: int, cleaned: str) -> bytes:
    return hashlib.blake2b(f"{legislature}\n{cleaned}".encode(), digest_size=16).digest()


def _current(side: Sidecar, uids: Sequence[str]) -> dict[str, tuple[str, bytes]]:
    rows = rows_in(side.db, "SELECT uid, source, text_hash FROM link_signatures WHERE uid IN ({marks})", uids)
    return {uid: (source, h) for uid, source, h in rows}


def _mark(side: Sidecar, uids: Iterable[str]) -> None:
    """Note changed rows with their band keys of the last refresh (the first mark wins)."""
    side.db.executemany(
        "INSERT OR IGNORE INTO link_pending (uid, old_keys) "
        "SELECT ?, (SELECT lsh_keys FROM link_signatures WHERE uid = ?)", [(u, u) for u in uids])


def store_rows(side: Sidecar, rows: Iterable[Row], fingerprints: Mapping[str, TextFingerprint] | None = None) -> int:
    """Cache these texts (a text under ``MIN_WORDS`` words gets no signature); rows whose cleaned
    text is unchanged are left alone. ``fingerprints``: what a worker already computed of some
    rows' texts, by uid. Returns the number of signatures computed here."""
    rows = list({r[0]: r for r in rows}.values())
    fingerprints = fingerprints or {}
    current = _current(side, [r[0] for r in rows])
    changed: list[tuple[str, int, str, bytes]] = []
    cleaned: dict[str, str] = {}  # new texts whose signature is computed here
    ready: dict[str, tuple[bytes | None, bytes | None]] = {}  # new texts a worker has signed
    for uid, leg, source, raw in rows:
        fp = fingerprints.get(uid)
        text = clean_text(raw) if fp is None else None
        h = fp.text_hash if fp is not None else text_hash(leg, text or "")
        if current.get(uid) == (source, h):
            continue
        if current.get(uid, ("", b""))[1] != h:  # a new text: its signature and pairs are redone
            if fp is not None and fp.complete:
                ready[uid] = (fp.signature, fp.lsh_keys)
            else:
                cleaned[uid] = clean_text(raw) if text is None else text
        changed.append((uid, leg, source, h))
    comparable = [u for u, text in cleaned.items() if word_count(text) >= MIN_WORDS]
    sigs = dict(ready)
    if comparable:
        sigs.update(zip(comparable, _signed([cleaned[u] for u in comparable]), strict=True))
    redone = cleaned.keys() | ready.keys()
    _mark(side, redone)
    side.db.executemany(
        "INSERT OR REPLACE INTO link_signatures (uid, legislature, source, text_hash, signature, lsh_keys) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(uid, leg, source, h, *sigs.get(uid, (None, None))) for uid, leg, source, h in changed if uid in redone])
    side.db.executemany("UPDATE link_signatures SET source = ? WHERE uid = ?",  # same text, other source
                        [(source, uid) for uid, _leg, source, _h in changed if uid not in redone])
    return len(comparable)


def _signed(cleaned: Sequence[str]) -> list[tuple[bytes, bytes]]:
    """(signature, LSH band keys) as stored, of cleaned texts of at least ``MIN_WORDS`` words."""
    from qgraph.links.minhash import band_keys, signatures
    computed = signatures(cleaned)
    bands = band_keys(computed)
    return [(computed[i].astype("<u4").tobytes(), bands[i].astype("<u8").tobytes()) for i in range(len(cleaned))]


def fingerprints(db: sqlite3.Connection, texts: Sequence[tuple[str, int, str]]) -> dict[str, TextFingerprint]:
    """Fingerprints of official question texts ``(uid, legislature, raw text)``, for a worker
    that reads the sidecar ``db``: complete (signed) only where the cached row has another text,
    as ``store_rows`` would compute them. Nothing when the cache is of another version."""
    try:
        state = db.execute("SELECT value FROM state WHERE key = ?", [STATE_KEY]).fetchone()
        cached = _hashes(db, [uid for uid, _leg, _raw in texts])
    except sqlite3.OperationalError:  # a store with no cache yet starts with the current version
        state, cached = None, {}
    else:
        if state is not None and state[0] != CACHE_VERSION:
            return {}
    out: dict[str, TextFingerprint] = {}
    to_sign: list[tuple[str, bytes, str]] = []
    for uid, leg, raw in texts:
        text = clean_text(raw)
        h = text_hash(leg, text)
        if cached.get(uid) == h:
            out[uid] = TextFingerprint(h)
        elif word_count(text) >= MIN_WORDS:
            to_sign.append((uid, h, text))
        else:
            out[uid] = TextFingerprint(h, complete=True)
    if to_sign:
        for (uid, h, _text), (sig, keys) in zip(to_sign, _signed([t for _u, _h, t in to_sign]), strict=True):
            out[uid] = TextFingerprint(h, sig, keys, complete=True)
    return out


def _hashes(db: sqlite3.Connection, uids: Sequence[str]) -> dict[str, bytes]:
    return dict(rows_in(db, "SELECT uid, text_hash FROM link_signatures WHERE uid IN ({marks})", uids))


def remove_rows(side: Sidecar, uids: Iterable[str]) -> None:
    uids = [u for u in uids if u in _current(side, [u])]
    _mark(side, uids)
    side.db.executemany("DELETE FROM link_signatures WHERE uid = ?", [(u,) for u in uids])


def index_texts(side: Sidecar, texts: Iterable[IndexedText]) -> int:
    """The ingest hook: cache the texts of a batch's questions (official records and pages), in
    the caller's transaction. An official record's text wins over a page's; an official record
    without a text falls back on the page's. Returns the number of signatures computed."""
    if not ensure_tables(side):
        return 0
    texts = sorted(texts, key=lambda t: not t.from_page)  # pages, then official records
    sources = {uid: source for uid, (source, _h) in _current(side, [t.uid for t in texts]).items()}
    rows: dict[str, Row] = {}
    signed: dict[str, TextFingerprint] = {}
    gone: set[str] = set()
    for t in texts:
        if t.from_page:
            if sources.get(t.uid) == "question":
                continue
            if t.question:
                rows[t.uid] = (t.uid, t.legislature, "page", t.question)
            elif t.uid in sources:
                gone.add(t.uid)
            continue
        text, source = t.question, "question"
        if text and t.fingerprint is not None:
            signed[t.uid] = t.fingerprint
        else:
            signed.pop(t.uid, None)
        if not text:
            page = side.page(t.uid)
            text, source = (question_from_json(page).question_text, "page") if page else (None, "")
        sources[t.uid] = source
        if text:
            rows[t.uid] = (t.uid, t.legislature, source, text)
            gone.discard(t.uid)
        else:
            rows.pop(t.uid, None)
            gone.add(t.uid)
    remove_rows(side, gone)
    return store_rows(side, rows.values(), signed)


class Signatures:
    """The cached rows in memory: ``keys`` (``n`` × ``BANDS`` uint64 LSH band keys of the ``n``
    questions with a signature, in ``uids`` order) and every row's legislature."""

    def __init__(self, side: Sidecar) -> None:
        import numpy as np

        self.legislature: dict[str, int] = {}
        self.uids: list[str] = []
        keys = bytearray()  # appended row by row: a list of the rows' bytes doubled the peak
        for uid, leg, row in side.db.execute("SELECT uid, legislature, lsh_keys FROM link_signatures ORDER BY uid"):
            self.legislature[uid] = leg
            if row is not None:
                self.uids.append(uid)
                keys += row
        self.keys = np.frombuffer(keys, dtype="<u8").reshape(len(self.uids), BANDS)


def signatures_of(side: Sidecar, uids: Sequence[str]) -> np.ndarray:
    """The MinHash signatures of these questions (``len(uids)`` × ``NUM_PERM``; distinct uids,
    all with a signature)."""
    import numpy as np

    at = {u: i for i, u in enumerate(uids)}
    size = NUM_PERM * 4
    out = bytearray(len(uids) * size)
    for uid, signature in rows_in(side.db, "SELECT uid, signature FROM link_signatures WHERE uid IN ({marks})", uids):
        i = at.pop(uid) * size
        out[i:i + size] = signature
    if at:
        raise KeyError(f"no signature for {min(at)}")
    return np.frombuffer(out, dtype="<u4").reshape(len(uids), NUM_PERM)


def cached_texts(side: Sidecar, uids: Iterable[str]) -> dict[str, str]:
    """uid → cleaned text, read from the full-text rows, of those questions whose text there is
    the very text cached here (same hash); the others are to be read from the store (as are all
    of them in a store whose full-text rows are of the layout before 2026-12-07)."""
    wanted = sorted(set(uids))
    if not wanted or not stores_texts(side):
        return {}
    out: dict[str, str] = {}
    rows = rows_in(side.db, "SELECT s.uid, s.legislature, s.text_hash, d.question FROM link_signatures s "
                            "JOIN fulltext_docs d ON d.uid = s.uid WHERE s.uid IN ({marks})", wanted)
    for uid, leg, cached_hash, raw in rows:
        cleaned = clean_text(raw or "")
        if text_hash(leg, cleaned) == cached_hash:
            out[uid] = cleaned
    return out


def pending(side: Sidecar) -> dict[str, np.ndarray | None]:
    """uid → LSH band keys at the last refresh (None: it had none) of the rows changed since."""
    import numpy as np

    return {uid: None if old is None else np.frombuffer(old, dtype="<u8")
            for uid, old in side.db.execute("SELECT uid, old_keys FROM link_pending")}


def pairs(side: Sidecar) -> dict[tuple[str, str], float]:
    return {(e, la): s for e, la, s in side.db.execute("SELECT earlier, later, score FROM link_pairs")}


def save_pairs(side: Sidecar, rows: Iterable[tuple[str, str, float]]) -> None:
    side.db.executemany("INSERT OR REPLACE INTO link_pairs (earlier, later, score) VALUES (?, ?, ?)",
                        list(rows))


def delete_pairs(side: Sidecar, rows: Iterable[tuple[str, str]]) -> None:
    side.db.executemany("DELETE FROM link_pairs WHERE earlier = ? AND later = ?", list(rows))


def forget_pairs(side: Sidecar, uids: Iterable[str]) -> None:
    rows = [(u,) for u in uids]
    side.db.executemany("DELETE FROM link_pairs WHERE earlier = ?", rows)
    side.db.executemany("DELETE FROM link_pairs WHERE later = ?", rows)


def reset(side: Sidecar) -> None:
    """Drop every row (and the tables, whose layout may be another version's)."""
    for table in ("link_signatures", "link_pending", "link_pairs"):
        side.db.execute(f"DROP TABLE IF EXISTS {table}")
    _create(side)


def done(side: Sidecar) -> None:
    """After a refresh: nothing pending, rows of the current version."""
    side.db.execute("DELETE FROM link_pending")
    side.set_state(STATE_KEY, CACHE_VERSION)
