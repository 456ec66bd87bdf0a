"""The organisation gazetteer (``ontology/organisations.ttl``) and its matcher.

Every label becomes a tuple of folded tokens, and a text matches it where its own tokens are the
same, so word boundaries come for free ("EDF" never matches inside a word) and elided articles
split off ("l'ANSSI" → ``l`` ``'`` ``ANSSI``). At each token the longest name wins. Case rules:

- acronyms (``qg:acronym``) match exactly as written ("DNS", "Ema");
- one-word names match as written or in capitals ("Orange", "ORANGE", not "orange");
- names of several words ignore case, unless the organisation has ``qg:caseSensitive true``;
- a form with hyphens also matches without them ("Saint Gobain").

For speed the two tables (as written / lower-case) are compiled into two trie regexes, tried
only where :mod:`qgraph.enrich.scan` finds the first word of some name;
:mod:`qgraph.enrich.reference` keeps the plain token-by-token lookup they must agree with.

A form that would name two organisations is ambiguous and left out (``Gazetteer.ambiguous``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property

from qgraph.enrich.model import Mention, with_context
from qgraph.enrich.scan import WORD_END, WORD_GAP, WordScan, literal, trie_regex
from qgraph.enrich.text import (
    TOKEN,
    Views,
    fold_lower,
    token_after,
    token_before,
    token_key,
    tokens,
    views,
)

GAZETTEER_FILE = "organisations.ttl"
NAME_CONFIDENCE = 0.95
# "la ville d'Orange", "la commune d'Orange": a one-word name used as a place name
_PLACE_WORDS = frozenset("ville commune communes maire habitants agglomeration canton cite "
                         "region departement arrondissement".split())
ACRONYM_CONFIDENCE = 0.85


@dataclass(frozen=True)
class Organisation:
    key: str
    label_fr: str
    label_en: str | None
    org_type: str
    acronyms: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    wikidata: str | None = None
    case_sensitive: bool = False


@dataclass
class _Index:
    table: dict[tuple[str, ...], tuple[str, float]] = field(default_factory=dict)
    first: set[str] = field(default_factory=set)
    longest: int = 0


class Gazetteer:
    """Organisations by key, and a matcher over their names and acronyms."""

    def __init__(self, organisations: list[Organisation]) -> None:
        self.organisations = {o.key: o for o in organisations}
        self.ambiguous: dict[tuple[str, ...], set[str]] = {}
        self._ci = _Index()  # keys in lower case
        self._cs = _Index()  # keys as written
        for org in organisations:
            self._add_org(org)
        for key in self.ambiguous:
            self._ci.table.pop(key, None)
            self._cs.table.pop(key, None)

    def _add(self, index: _Index, key: tuple[str, ...], org: str, conf: float) -> None:
        variants = {key, tuple(t for t in key if t != "-")}
        for k in variants:
            if not k:
                continue
            old = index.table.get(k)
            if old and old[0] != org:
                self.ambiguous.setdefault(k, {old[0]}).add(org)
                continue
            if not old or old[1] < conf:
                index.table[k] = (org, conf)
            index.first.add(k[0])
            index.longest = max(index.longest, len(k))

    def _add_org(self, org: Organisation) -> None:
        for acronym in org.acronyms:
            self._add(self._cs, token_key(acronym), org.key, ACRONYM_CONFIDENCE)
        names = [org.label_fr, *org.aliases] + ([org.label_en] if org.label_en else [])
        for name in names:
            key = token_key(name)
            if len(key) == 1 or org.case_sensitive:
                self._add(self._cs, key, org.key, NAME_CONFIDENCE)
                self._add(self._cs, tuple(t.upper() for t in key), org.key, NAME_CONFIDENCE)
            else:
                self._add(self._ci, tuple(t.lower() for t in key), org.key, NAME_CONFIDENCE)

    def forms(self, key: str) -> set[tuple[str, ...]]:
        """Every token key that resolves to organisation ``key`` (for tests and NER filtering)."""
        return {k for index in (self._ci, self._cs) for k, v in index.table.items()
                if v[0] == key}

    def resolve(self, name: str) -> str | None:
        """The organisation a whole string names, or None."""
        key = token_key(name)
        hit = self._cs.table.get(key) or self._ci.table.get(tuple(t.lower() for t in key))
        return hit[0] if hit else None

    @cached_property
    def _compiled(self) -> _Compiled:
        return _Compiled(self._cs.table, self._ci.table)

    def anchors(self) -> set[tuple[str, ...]]:
        """Anchors (for :class:`~qgraph.enrich.scan.WordScan`) of every name and acronym."""
        return self._compiled.anchors

    def match(self, text: str, v: Views | None = None,
              candidates: list[tuple[int, str]] | None = None) -> list[Mention]:
        """Non-overlapping mentions, the longest winning, sorted by position.

        At each token, the longest name is taken (a name written as-is beats a name in any case
        of the same length); names of one token are dropped in place names ("ville d'Orange",
        "Saint-Orange"); then overlapping mentions are resolved, longest first. ``v`` and
        ``candidates`` may be passed when already computed (from a scan whose anchors include
        :meth:`anchors`)."""
        v = v or views(text)
        c = self._compiled
        if candidates is None:
            candidates = c.scan.candidates(v.words)
        lower = v.lower
        found: list[tuple[int, int, str, float]] = []
        for start, word in candidates:
            best: tuple[int, str, float, int] | None = None  # (tokens, org, conf, end)
            if word in c.cs_first_lower and (
                    (folded := v.folded)[start:start + len(word)] in c.cs_first):
                m = c.cs_regex.match(folded, start)
                if m:
                    key = tuple(TOKEN.findall(m.group()))
                    best = (len(key), *self._cs.table[key], m.end())
            if word in c.ci_first:
                m = c.ci_regex.match(lower, start)
                if m:
                    key = tuple(TOKEN.findall(m.group()))
                    if best is None or len(key) > best[0]:
                        best = (len(key), *self._ci.table[key], m.end())
            if best is None or (best[0] == 1 and _in_place(v, start, best[3])):
                continue
            found.append((start, best[3], best[1], best[2]))
        return _mentions(text, _longest_first(found), "gazetteer")


class _Compiled:
    """The tables as regexes: one anchored regex per table, tried only at scan candidates.

    A name's regex is its tokens with ``\\s*`` between them and a word boundary after each
    word; the trie branches on characters, so at most one path fits a text and the greedy
    regex returns the longest name (in tokens) starting there, as looking up the n-grams of
    the text's tokens longest first did.
    """

    def __init__(self, cs_table: dict, ci_table: dict) -> None:
        self.cs_regex = re.compile(trie_regex(_name_atoms(k) for k in cs_table))
        self.ci_regex = re.compile(trie_regex(_name_atoms(k) for k in ci_table))
        self.cs_first = frozenset(k[0] for k in cs_table)
        self.cs_first_lower = frozenset(k[0].lower() for k in cs_table)
        self.ci_first = frozenset(k[0] for k in ci_table)
        self.anchors = {_anchor(k) for k in (*cs_table, *ci_table)}
        self.scan = WordScan(self.anchors)


_WORD = re.compile(r"\w")
# a first word this short is too common to scan for alone ("la poste", "le monde")
SHORT_ANCHOR = 3


def _is_word(token: str) -> bool:
    return bool(_WORD.match(token))


def _name_atoms(key: tuple[str, ...]) -> list[str]:
    atoms: list[str] = []
    for i, token in enumerate(key):
        if i:
            atoms.append(r"\s*")
        atoms += literal(token)
        if _is_word(token):
            atoms.append(r"(?!\w)")
    return atoms


def _anchor(key: tuple[str, ...]) -> tuple[str, ...]:
    """The first word of a name, or its first two when the first is short, in the words view."""
    words = [t.lower() for t in key if _is_word(t)]
    if len(words[0]) <= SHORT_ANCHOR and len(words) > 1:
        return (*literal(words[0]), WORD_GAP, *literal(words[1]), WORD_END)
    return (*literal(words[0]), WORD_END)


def _in_place(v: Views, start: int, end: int) -> bool:
    """A one-token name used as (part of) a place name: after "ville d'", "commune de"...
    ("la ville d'Orange"), or in a hyphenated place name ("La Roche-sur-Yon", "Saint-Orange")."""
    lower = v.lower
    # the next token is "-" only if the next character is "-" or a space (then look further)
    following = lower[end:end + 1]
    after = token_after(v, end) if following == "-" or following.isspace() else None
    if after and after[0] == "-":
        link = token_after(v, after[1])
        if link and link[0] in _PLACE_LINKS:
            return True
    # a name starts a word: the character before it is not one; if it is punctuation other
    # than "'" and "-", it is the previous token, and neither rule can apply
    if start and not (lower[start - 1] in "'-" or lower[start - 1].isspace()):
        return False
    before = token_before(v, start)
    if before is None:
        return False
    if before[0] == "-":
        saint = token_before(v, before[1])
        return saint is not None and saint[0] in ("saint", "sainte", "st", "ste")
    if before[0] == "'":
        before = token_before(v, before[1])
    if before is None or before[0] not in ("d", "de"):
        return False
    place = token_before(v, before[1])
    return place is not None and place[0] in _PLACE_WORDS


_PLACE_LINKS = frozenset("sur en de du des les la le les aux sous lez".split())


def _longest_first(found: list[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    if all(a[1] <= b[0] for a, b in zip(found, found[1:], strict=False)):
        return sorted(found)  # nothing overlaps (the usual case): all are kept
    kept: list[tuple[int, int, str, float]] = []
    taken: list[tuple[int, int]] = []
    for cand in sorted(found, key=lambda c: (c[0] - c[1], c[0])):
        if all(cand[1] <= s or cand[0] >= e for s, e in taken):
            kept.append(cand)
            taken.append((cand[0], cand[1]))
    return sorted(kept)


def _mentions(text: str, found, method) -> list[Mention]:
    out = []
    for start, end, org, conf in found:
        prefix, suffix = with_context(text, start, end)
        out.append(Mention(org, start, end, text[start:end], method, conf, prefix, suffix))
    return out


def load_organisations(path=None) -> list[Organisation]:
    """Read the gazetteer Turtle file (rdflib) into :class:`Organisation` records."""
    from rdflib import Graph, Literal, Namespace
    from rdflib.namespace import SKOS

    from qgraph.rdf.vocab import QG_BASE
    from qgraph.resources import ontology_file

    qg = Namespace(QG_BASE)
    graph = Graph()
    graph.parse(str(path or ontology_file(GAZETTEER_FILE)), format="turtle")

    def key_of(node: object) -> str:
        return str(node).rstrip("/").rsplit("/", 1)[1]

    def labels(s, p, lang=None) -> list[str]:
        out = [str(o) for o in graph.objects(s, p)
               if isinstance(o, Literal) and (lang is None or o.language == lang)]
        return sorted(out)

    orgs = []
    for s in sorted(set(graph.subjects(qg.orgType, None)), key=str):
        fr = labels(s, SKOS.prefLabel, "fr")
        en = labels(s, SKOS.prefLabel, "en")
        qid = labels(s, qg.wikidata)
        orgs.append(Organisation(
            key=key_of(s), label_fr=fr[0] if fr else key_of(s), label_en=en[0] if en else None,
            org_type=labels(s, qg.orgType)[0], acronyms=tuple(labels(s, qg.acronym)),
            aliases=tuple(labels(s, SKOS.altLabel)),
            parents=tuple(sorted(key_of(p) for p in graph.objects(s, qg.parentOrganisation))),
            wikidata=qid[0] if qid else None,
            case_sensitive=any(isinstance(o, Literal) and o.toPython() is True
                               for o in graph.objects(s, qg.caseSensitive)),
        ))
    return orgs


@cache
def gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once per process."""
    return Gazetteer(load_organisations())


def lower_key(text: str) -> tuple[str, ...]:
    return tuple(t for t, _, _ in tokens(fold_lower(text)))
