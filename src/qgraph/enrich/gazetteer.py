"""The organisation gazetteer (``ontology/organisations.ttl``) and its matcher.

Every label becomes a tuple of folded tokens; matching looks up the n-grams of the text's tokens
(longest first) in two tables, so word boundaries come for free ("EDF" never matches inside a
word) and elided articles split off ("l'ANSSI" → ``l`` ``'`` ``ANSSI``). Case rules:

- acronyms (``qg:acronym``) match exactly as written ("DNS", "Ema");
- one-word names match as written or in capitals ("Orange", "ORANGE", not "orange");
- names of several words ignore case, unless the organisation has ``qg:caseSensitive true``;
- a form with hyphens also matches without them ("Saint Gobain").

A form that would name two organisations is ambiguous and left out (``Gazetteer.ambiguous``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from qgraph.enrich.model import Mention, with_context
from qgraph.enrich.text import fold, fold_lower, token_key, tokens

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

    def match(self, text: str) -> list[Mention]:
        """Non-overlapping mentions, the longest winning, sorted by position."""
        folded = fold(text)
        toks = tokens(folded)
        lower = [t.lower() for t, _, _ in toks]
        cased = [t for t, _, _ in toks]
        found: list[tuple[int, int, str, float]] = []
        n_tok = len(toks)
        for i in range(n_tok):
            best: tuple[int, str, float] | None = None
            for index, words in ((self._cs, cased), (self._ci, lower)):
                if words[i] not in index.first:
                    continue
                for n in range(min(index.longest, n_tok - i), 0, -1):
                    if best and n <= best[0]:
                        break
                    hit = index.table.get(tuple(words[i:i + n]))
                    if hit:
                        best = (n, *hit)
                        break
            if best and best[0] == 1 and (_after_place_word(lower, i) or _in_place_name(lower, i)):
                best = None
            if best:
                n, org, conf = best
                found.append((toks[i][1], toks[i + n - 1][2], org, conf))
        return _mentions(text, _longest_first(found), "gazetteer")


def _after_place_word(lower: list[str], i: int) -> bool:
    """Token ``i`` follows "ville d'", "commune de", "maire d'"..."""
    j = i - 1
    if j >= 0 and lower[j] == "'":
        j -= 1
    if j >= 1 and lower[j] in ("d", "de"):
        return lower[j - 1] in _PLACE_WORDS
    return False


_PLACE_LINKS = frozenset("sur en de du des les la le les aux sous lez".split())


def _in_place_name(lower: list[str], i: int) -> bool:
    """Token ``i`` is part of a hyphenated place name ("La Roche-sur-Yon", "Saint-Orange")."""
    if i + 2 < len(lower) and lower[i + 1] == "-" and lower[i + 2] in _PLACE_LINKS:
        return True
    return i >= 2 and lower[i - 1] == "-" and lower[i - 2] in ("saint", "sainte", "st", "ste")


def _longest_first(found: list[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
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
