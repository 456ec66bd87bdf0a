"""IRI minting. Every node's IRI comes from an official identifier (uid, PA, PM, PO) or, where
the sources give none, from a normalised name; the rules are documented in ontology/README.md.
The same fact reaches the same node whatever file it came from."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from qgraph.rdf.nt import id_segment, iri

ID = "https://w3id.org/qgraph/id/"
GRAPH = "https://w3id.org/qgraph/graph/"
THEME = "https://w3id.org/qgraph/theme/"
WIKIDATA = "http://www.wikidata.org/entity/"

META_GRAPH = iri(f"{GRAPH}meta")
VOCABULARY_GRAPH = iri(f"{GRAPH}vocabulary")
LINKS_GRAPH = iri(f"{GRAPH}links")
SHARED_GRAPH = iri(f"{GRAPH}shared")


@lru_cache(maxsize=1 << 16)  # names repeat (ministries, rubrics, groups): computed once each
def slug(text: str) -> str:
    """Lower-case ASCII key of a name: accents dropped, runs of other characters → ``-``."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "'")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def question(uid: str) -> str:
    return iri(f"{ID}question/{id_segment(uid)}")


def question_part(uid: str, part: str) -> str:
    """A node that belongs to one question (answer, closing, attribution/1, mention/3…)."""
    return iri(f"{ID}question/{id_segment(uid)}/{part}")


def person(pa: str) -> str:
    return iri(f"{ID}person/{id_segment(pa)}")


def provisional_person(full_name: str) -> str:
    """A deputy known only by name (from a page), until AMO data gives the PA id."""
    return iri(f"{ID}person/name/{slug(full_name)}")


def mandate(pm: str) -> str:
    return iri(f"{ID}mandate/{id_segment(pm)}")


def organe(po: str) -> str:
    return iri(f"{ID}organe/{id_segment(po)}")


def ministry_by_name(short_name: str) -> str:
    return iri(f"{ID}ministry/{slug(short_name)}")


def group_by_name(legislature: int, name: str) -> str:
    """A group known only by its name on a page, in one legislature."""
    return iri(f"{ID}group/{legislature}/{slug(name)}")


def legislature(number: int) -> str:
    return iri(f"{ID}legislature/{int(number)}")


def constituency(department_key: str, number: int) -> str:
    return iri(f"{ID}constituency/{slug(department_key)}/{int(number)}")


def rubric(label: str) -> str:
    return iri(f"{ID}rubric/{slug(label)}")


def organisation(key: str) -> str:
    return iri(f"{ID}org/{slug(key)}")


def theme(key: str) -> str:
    return iri(f"{THEME}{slug(key)}")


def source_file(checksum: str) -> str:
    return iri(f"{ID}source/{checksum}")


def question_graph(uid: str) -> str:
    return iri(f"{GRAPH}question/{id_segment(uid)}")


def enrich_graph(uid: str) -> str:
    return iri(f"{GRAPH}enrich/{id_segment(uid)}")


def record_graph(kind: str, uid: str) -> str:
    """Graph of an AMO record: kind is ``acteur``, ``mandat`` or ``organe``."""
    return iri(f"{GRAPH}{kind}/{id_segment(uid)}")
