"""Bring the graph ``graph/links`` up to date with the store (called after every ingest).

The graph holds derived, cross-question and cross-legislature facts only: re-ask links (see
``links.reasked``) and group successors (see ``links.identities``).

Re-ask links are maintained incrementally from the sidecar cache (``links.cache``), which each
ingest batch fills with the signatures of its new or changed question texts:

1. every cached signature goes into in-memory LSH buckets (numpy);
2. the pairs of the questions whose text changed since the last refresh (``link_pending``) are
   dropped, and their candidates — plus the pairs of a bucket that just fell back under
   ``MAX_BUCKET`` — are scored; the scores of other pairs are kept, except for pairs whose
   every shared bucket grew past ``MAX_BUCKET``. The pairs kept are therefore exactly those a
   rebuild from scratch finds, whatever the order and batching of the ingests;
3. the stored pairs are decided (``qg:reasked`` / ``qg:reaskedBy``) with the authors the store
   holds now, and ``graph/links`` is rewritten from them and from the group successors.

Steps 1–2 need only the sidecar (:func:`start_links`; texts come from the full-text index when
it holds the very text cached), so the ingest runs them while its bulk load ends; step 3 needs
the store. The pending list is cleared in the last commit: an interrupted refresh leaves it in
place and the next one redoes the work (pairs already dropped or saved are found again).
``refresh_links(store, full=True)`` (and the first refresh of a store whose cache is missing or
of another ``CACHE_VERSION``) reads every text from the store and recomputes everything.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from qgraph.links import cache
from qgraph.links.identities import group_successors
from qgraph.links.minhash import BANDS, estimated_jaccard
from qgraph.links.params import METHOD, MIN_JACCARD, REASKED_MIN
from qgraph.links.reasked import Buckets, Link, QuestionText, Scorer, decide
from qgraph.links.text import clean_text
from qgraph.rdf import iris
from qgraph.rdf.nt import Triple, decimal, id_segment, iri, lit, nquad
from qgraph.rdf.vocab import QG, RDF
from qgraph.store.graphstore import GraphStore
from qgraph.store.sidecar import Sidecar

_CHUNK = 500  # question IRIs per VALUES block


@dataclass(frozen=True)
class LinksReport:
    reasked: int
    reasked_by: int
    successor_groups: int
    changed: int = 0        # questions whose text changed (or went) since the last refresh
    hashed: int = 0         # signatures computed by this refresh (full: every text)
    scored: int = 0         # candidate pairs scored
    full: bool = False
    seconds: dict[str, float] = field(default_factory=dict, compare=False)


def link_node(earlier: str, later: str) -> str:
    return iri(f"{iris.ID}link/{id_segment(earlier)}/{id_segment(later)}")


def _values(uids: list[str]) -> Iterator[str]:
    for i in range(0, len(uids), _CHUNK):
        yield "VALUES ?q { " + " ".join(iris.question(u) for u in uids[i:i + _CHUNK]) + " }"


def read_texts(store: GraphStore, uids: Iterable[str] | None = None) -> dict[str, tuple[int, str, str]]:
    """uid → (legislature, question text, source) for these questions (all when ``uids`` is
    None); ``source`` is ``question`` for the official record's graph, else ``page``.

    When several graphs state a text (a page and the official record), the official one wins."""
    found: dict[str, tuple[int, tuple[bool, str]]] = {}
    if uids is None:
        # A graph that states a text states the uid and legislature too (8 s for 100k texts, a
        # third of the time of the join over the union of graphs), except a page's graph when
        # the official record states them: those few pages are read below.
        _collect(found, store.query(f"""SELECT ?uid ?g ?text ?leg WHERE {{ GRAPH ?g {{
            ?q {QG.questionText} ?text ; {QG.uid} ?uid ; {QG.legislature} ?leg }} }}"""))
        blocks = list(_values(sorted(store.sidecar.page_uids() - found.keys())))
    else:
        blocks = list(_values(sorted(set(uids))))
    for block in blocks:
        # The legislature number is read from the legislature IRI: joining on the legislature
        # node's qg:legislatureNumber would repeat each row once per question graph stating it.
        _collect(found, store.query(f"""SELECT ?uid ?g ?text ?leg WHERE {{ {block}
                GRAPH ?g {{ ?q {QG.questionText} ?text }} ?q {QG.uid} ?uid ; {QG.legislature} ?leg }}"""))
    return {u: (leg, rank[1], "page" if rank[0] else "question") for u, (leg, rank) in found.items()}


def _collect(found: dict[str, tuple[int, tuple[bool, str]]], rows: object) -> None:
    for s in rows:  # type: ignore[attr-defined]
        uid = s["uid"].value
        leg = s["leg"].value.rsplit("/", 1)[-1]
        if not leg.isdigit():
            continue
        rank = (str(s["g"]) != iris.question_graph(uid), s["text"].value)
        if uid not in found or rank < found[uid][1]:
            found[uid] = (int(leg), rank)


def read_authors(store: GraphStore, uids: Iterable[str]) -> dict[str, frozenset[str]]:
    authors: dict[str, set[str]] = {}
    for block in _values(sorted(set(uids))):
        for s in store.select(f"SELECT DISTINCT ?uid ?a WHERE {{ {block} ?q {QG.uid} ?uid ; {QG.author} ?a }}"):
            authors.setdefault(s["uid"].value, set()).add(str(s["a"]))
    return {u: frozenset(a) for u, a in authors.items()}


def question_texts(store: GraphStore) -> Iterator[QuestionText]:
    """Every question with a text, with its legislature and author IRIs, read from the store."""
    texts = read_texts(store)
    authors = read_authors(store, texts)
    for uid, (leg, text, _source) in texts.items():
        yield QuestionText(uid, leg, text, authors.get(uid, frozenset()))


def link_triples(link: Link) -> list[Triple]:
    earlier, later = iris.question(link.earlier), iris.question(link.later)
    node = link_node(link.earlier, link.later)
    relation = QG.reasked if link.same_author else QG.reaskedBy
    return [(earlier, relation, later), (node, RDF.type, QG.ReaskLink),
            (node, QG.earlierQuestion, earlier), (node, QG.laterQuestion, later),
            (node, QG.linkRelation, relation), (node, QG.similarity, decimal(link.score)),
            (node, QG.method, lit(METHOD))]


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = round(self.seconds.get(name, 0.0) + now - self._t, 3)
        self._t = now

    def resume(self) -> None:
        """Time from now on (what happened since the last lap is not the refresh's)."""
        self._t = time.perf_counter()


def _candidates(side: Sidecar, rows: cache.Signatures, changed: dict[str, np.ndarray | None],
                stored: dict[tuple[str, str], float]) -> list[tuple[str, str]]:
    """Update ``stored`` (and the table) for the ``changed`` rows: drop their pairs, and the
    pairs whose every shared bucket grew too large; return the new candidate pairs to score
    (earlier, later), the pairs of changed rows and of buckets fallen back under the limit."""
    uids, keys = rows.uids, rows.keys
    index = {u: i for i, u in enumerate(uids)}
    legs = np.array([rows.legislature[u] for u in uids], dtype=np.int64)
    fresh = np.zeros(len(uids), dtype=bool)
    fresh[[index[u] for u in changed if u in index]] = True
    departed: list[Counter[int]] = [Counter() for _ in range(BANDS)]
    for old_keys in changed.values():
        for band, key in enumerate(old_keys.tolist() if old_keys is not None else ()):
            departed[band][key] += 1
    buckets = Buckets(keys)

    lost = [p for p in stored if p[0] in changed or p[1] in changed or p[0] not in index or p[1] not in index]
    known = [p for p in stored if p[0] in index and p[1] in index and p[0] not in changed and p[1] not in changed]
    if known:
        ok = buckets.shared_small(np.array([[index[e], index[la]] for e, la in known]))
        lost += [p for p, keep in zip(known, ok.tolist(), strict=True) if not keep]
    cache.forget_pairs(side, changed)
    cache.delete_pairs(side, lost)
    for p in lost:
        del stored[p]

    candidates = buckets.pairs(fresh, departed)
    candidates = candidates[legs[candidates[:, 0]] != legs[candidates[:, 1]]]
    at = np.unique(candidates)  # ``uids`` is sorted, so these are the involved uids in order
    local = np.searchsorted(at, candidates).reshape(-1, 2)
    involved = [uids[i] for i in at.tolist()]
    candidates = candidates[estimated_jaccard(cache.signatures_of(side, involved), local) >= MIN_JACCARD]
    todo = []
    for i, j in candidates.tolist():
        pair = (uids[i], uids[j]) if legs[i] < legs[j] else (uids[j], uids[i])
        if pair not in stored:
            todo.append(pair)
    return todo


@dataclass
class LinksWork:
    """A refresh's work up to the scores: it needs the sidecar only (texts come from the
    full-text index), so the ingest runs it while the store ends its bulk load."""

    clock: _Clock
    full: bool
    hashed: int
    changed: dict[str, np.ndarray | None]
    stored: dict[tuple[str, str], float]
    todo: list[tuple[str, str]]
    cleaned: dict[str, str]
    scores: dict[tuple[str, str], float] = field(default_factory=dict)

    def score(self) -> None:
        """Score the candidates whose two texts are known (and not scored yet)."""
        pairs = [(a, b) for a, b in self.todo
                 if (a, b) not in self.scores and a in self.cleaned and b in self.cleaned]
        self.scores.update(zip(pairs, Scorer(self.cleaned).score_all(pairs), strict=True))

    def unknown_texts(self) -> set[str]:
        return {u for p in self.todo for u in p} - self.cleaned.keys()


def start_links(side: Sidecar, store: GraphStore | None = None, full: bool = False) -> LinksWork | None:
    """Candidates and scores of a refresh (steps 1–2 of the module docstring). A rebuild (asked
    for, or a cache of another version) reads every text from ``store``: without one, None."""
    clock = _Clock()
    full = not cache.ensure_tables(side) or full
    if full and store is None:
        return None
    hashed = 0
    texts: dict[str, tuple[int, str, str]] = {}
    if full:
        assert store is not None
        cache.reset(side)
        texts = read_texts(store)
        hashed = cache.store_rows(side, [(u, leg, source, text) for u, (leg, text, source) in texts.items()])
    changed = cache.pending(side)
    stored = cache.pairs(side)
    clock.lap("read")
    # Nothing changed: the buckets are those of the last refresh and the stored pairs stand.
    todo = _candidates(side, cache.Signatures(side), changed, stored) if changed else []
    clock.lap("candidates")
    needed = {u for p in todo for u in p}
    cleaned = ({u: clean_text(texts[u][1]) for u in needed if u in texts} if full
               else cache.cached_texts(side, needed))
    work = LinksWork(clock, full, hashed, changed, stored, todo, cleaned)
    work.score()
    clock.lap("score")
    return work


def refresh_links(store: GraphStore, full: bool = False, work: LinksWork | None = None) -> LinksReport:
    """Bring re-ask links and group successors in ``graph/links`` up to date (see the module
    docstring); ``full`` recomputes every question instead of the pending ones; ``work`` is
    what :func:`start_links` computed before the store was complete."""
    side = store.sidecar
    work = work or start_links(side, store, full)
    assert work is not None
    clock = work.clock
    clock.resume()
    missing = work.unknown_texts()
    if missing:  # texts the full-text index does not hold as cached (a page's, say)
        work.cleaned.update({u: clean_text(t) for u, (_leg, t, _src) in read_texts(store, missing).items()})
        work.score()
    new_pairs = [(a, b, s) for (a, b), s in work.scores.items() if s >= REASKED_MIN]
    cache.save_pairs(side, new_pairs)
    stored = work.stored
    stored.update({(a, b): s for a, b, s in new_pairs})
    clock.lap("score")

    authors = read_authors(store, {u for p in stored for u in p})
    links = sorted((link for (a, b), s in stored.items()
                    if (link := decide(a, b, s, authors.get(a, frozenset()), authors.get(b, frozenset())))),
                   key=lambda k: (k.earlier, k.later))
    successors = group_successors(store)
    triples = [t for link in links for t in link_triples(link)] + successors
    store.drop_graphs([iris.LINKS_GRAPH])
    store.load_nquads("".join(nquad(t, iris.LINKS_GRAPH) for t in triples).encode())
    cache.done(side)
    side.commit()
    clock.lap("write")
    same = sum(1 for k in links if k.same_author)
    return LinksReport(same, len(links) - same, len(successors), changed=len(work.changed), hashed=work.hashed,
                       scored=len(work.todo), full=work.full, seconds=clock.seconds)


__all__ = ["LinksReport", "LinksWork", "link_node", "question_texts", "read_texts", "refresh_links", "start_links"]
