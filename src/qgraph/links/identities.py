"""Identities across legislatures: political groups and their successors.

A group of legislature n+1 succeeds a group of legislature n (``qg:successorGroup``, stated on
the earlier group) when

* the AMO says so: the later body's ``organePrecedentRef`` (``qg:precededBy``), whatever the
  legislatures; or
* the names show it, in consecutive legislatures only: the same normalised name (lower case,
  no accents, punctuation ignored) or the same abbreviation (``DEM`` 16 → ``DEM`` 17 although the
  group was renamed from "Démocrate (MoDem et Indépendants)" to "Les Démocrates").

Groups known only by name from pages (``id/group/{leg}/{slug}``) take part like AMO groups.
Ministries need no derived link: ``qg:precededBy`` (AMO), ``qg:ministryName`` (one node per
short name, shared by every government's ministry of that name) and ``qg:government`` are
stated by the mapping; the ``ministry-lineage`` query walks them.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from qgraph.rdf.nt import Triple
from qgraph.rdf.questions import name_key
from qgraph.rdf.vocab import QG, SKOS
from qgraph.store.graphstore import GraphStore

_LEG_PREFIX = "https://w3id.org/qgraph/id/legislature/"
_NAMED_GROUP = "https://w3id.org/qgraph/id/group/"


def _pairs(store: GraphStore, sparql: str) -> list[tuple[str, ox.NamedNode | ox.Literal]]:
    return [(str(s[0]), s[1]) for s in store.query(sparql)]  # type: ignore[union-attr,index]


def _groups(store: GraphStore) -> dict[str, tuple[int, set[str], set[str], set[str]]]:
    """group IRI → (legislature, name keys, abbreviations, preceding bodies).

    One small DISTINCT query per property: a node's facts are restated in every question graph
    that names it, so joining them in one pattern would multiply rows."""
    groups = {str(s[0]) for s in store.query(  # type: ignore[union-attr,index]
        f"SELECT DISTINCT ?g WHERE {{ ?g a {QG.ParliamentaryGroup} }}")}
    out: dict[str, tuple[int, set[str], set[str], set[str]]] = {}
    for g, leg in _pairs(store, f'SELECT ?g ?leg WHERE {{ ?g {QG.organeType} "GP" ; {QG.legislature} ?leg }}'):
        number = leg.value[len(_LEG_PREFIX):] if leg.value.startswith(_LEG_PREFIX) else ""
        if g in groups and number.isdigit():
            out[g] = (int(number), set(), set(), set())
    for g in groups:
        number = g[1:-1][len(_NAMED_GROUP):].split("/", 1)[0] if g[1:-1].startswith(_NAMED_GROUP) else ""
        if g not in out and number.isdigit():
            out[g] = (int(number), set(), set(), set())
    for g, value in _pairs(store, f"SELECT DISTINCT ?g ?v WHERE {{ ?g {SKOS.prefLabel} ?v }}"):
        if g in out:
            out[g][1].add(name_key(value.value))
    for g, value in _pairs(store, f"SELECT DISTINCT ?g ?v WHERE {{ ?g {QG.abbreviation} ?v }}"):
        if g in out:
            out[g][2].add(value.value.strip().upper())
    for g, value in _pairs(store, f"SELECT DISTINCT ?g ?v WHERE {{ ?g {QG.precededBy} ?v }}"):
        if g in out:
            out[g][3].add(str(value))
    return out


def group_successors(store: GraphStore) -> list[Triple]:
    """``<earlier> qg:successorGroup <later>`` triples, by the rule in the module docstring."""
    groups = _groups(store)
    by_key: dict[tuple[int, str], set[str]] = defaultdict(set)
    for g, (leg, names, abbrs, _prev) in groups.items():
        for key in [f"n:{n}" for n in names] + [f"a:{a}" for a in abbrs]:
            by_key[(leg, key)].add(g)
    pairs: set[tuple[str, str]] = set()
    for g, (leg, names, abbrs, prev) in groups.items():
        pairs.update((p, g) for p in prev if p != g)
        for key in [f"n:{n}" for n in names] + [f"a:{a}" for a in abbrs]:
            pairs.update((e, g) for e in by_key.get((leg - 1, key), ()))
    return [(e, QG.successorGroup, g) for e, g in sorted(pairs)]
