"""Sovereignty themes (``ontology/themes.ttl``) and how a question is scored against them.

Each piece of evidence has a weight; a theme's score is ``1 - Π(1 - w)`` over its evidence
(a noisy-OR: it grows with each independent clue and stays in [0, 1]):

==============================================  ======
evidence                                        weight
==============================================  ======
AN rubric listed as ``qg:indicatorRubric``       0.60
AN rubric listed as ``qg:supportingRubric``      0.30
``qg:keyPhrase`` in the title/analysis headings  0.60
``qg:keyPhrase`` in the text                     0.40
keyword (``skos:hiddenLabel``) in title/heading  0.30
keyword in the text                              0.12 (+0.08 if seen 3 times or more)
organisation (``qg:indicatorOrganisation``)      0.20 per distinct organisation
==============================================  ======

A theme is assigned when its score reaches :data:`THEME_THRESHOLD` (0.5): a strong rubric or a
key phrase in the headings suffices; in the text, it takes a key phrase and some support. A
broader theme takes the score of its best narrower theme when that is higher (so the top
concept ``sovereignty`` scores at least as much as any theme), and a question is
*sovereignty-related* when the top concept reaches :data:`SOVEREIGNTY_THRESHOLD` (also 0.5). Scores under :data:`FLOOR` are not reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from qgraph.enrich.model import ThemeScore
from qgraph.enrich.text import fold_lower

THEMES_FILE = "themes.ttl"
TOP = "sovereignty"
THEME_THRESHOLD = 0.5
SOVEREIGNTY_THRESHOLD = 0.5
FLOOR = 0.2
W_RUBRIC, W_SUPPORT = 0.6, 0.3
W_PHRASE_HEAD, W_PHRASE_TEXT = 0.6, 0.4
W_WORD_HEAD, W_WORD_TEXT, W_WORD_REPEAT = 0.3, 0.12, 0.08
W_ORG = 0.2
# Ministry titles that contain theme words ("ministre de l'économie, des finances et de la
# souveraineté industrielle et numérique") say nothing about the question: blanked before scoring.
_TITLES = re.compile(
    r"souverainete industrielle(?:,| et) (?:energetique et )?numerique|"
    r"agriculture(?:, de l'alimentation)? et de la souverainete alimentaire|"
    r"minist(?:re|ere)s? (?:delegue |deleguee )?(?:charge |chargee )?(?:de la )?"
    r"transition energetique")


@dataclass(frozen=True)
class Theme:
    key: str
    label_fr: str
    label_en: str
    broader: str | None
    rubrics: frozenset[str]
    supporting: frozenset[str]
    phrases: tuple[str, ...]
    keywords: tuple[str, ...]
    organisations: frozenset[str]


def _pattern(term: str) -> str:
    """Regex for a phrase on folded lower-case text: word boundaries, optional plural endings,
    a final ``*`` for any ending, spaces/hyphens/apostrophes loosely."""
    out = []
    for tok in re.findall(r"\w+\*?|'|-|\s+|[^\w\s]", fold_lower(term)):
        if tok.endswith("*"):
            out.append(re.escape(tok[:-1]) + r"\w*")
        elif tok[0].isalnum():
            out.append(re.escape(tok) + (r"(?:s|x|es)?" if len(tok) >= 4 else ""))
        elif tok.isspace() or tok == "-":
            out.append(r"[\s\-]+")
        elif tok == "'":
            out.append(r"'\s*")
        else:
            out.append(re.escape(tok))
    return "".join(out) + r"(?!\w)"


class ThemeScorer:
    """All themes and one compiled regex over all their phrases and keywords."""

    def __init__(self, themes: list[Theme]) -> None:
        self.themes = {t.key: t for t in themes}
        self._terms: list[tuple[str, str, bool]] = []  # (theme, term, is_phrase)
        for t in themes:
            self._terms += [(t.key, p, True) for p in t.phrases]
            self._terms += [(t.key, k, False) for k in t.keywords]
        # one regex per theme, so that overlapping phrases of different themes all count
        self._regex: dict[str, re.Pattern[str]] = {}
        self._group_terms: dict[str, list[list[int]]] = {}
        for t in themes:
            by_pattern: dict[str, list[int]] = {}
            for i, (theme, term, _) in enumerate(self._terms):
                if theme == t.key:
                    by_pattern.setdefault(_pattern(term), []).append(i)
            patterns = sorted(by_pattern, key=len, reverse=True)
            self._group_terms[t.key] = [by_pattern[p] for p in patterns]
            alternatives = "|".join(f"(?P<g{g}>{p})" for g, p in enumerate(patterns))
            # the word boundary is factored out so that only word starts are tried
            self._regex[t.key] = re.compile(rf"(?<!\w)(?=\w)(?:{alternatives or '(?!x)x'})")

    def _hits(self, theme: str, text: str) -> dict[int, int]:
        counts: dict[int, int] = {}
        for m in self._regex[theme].finditer(text):
            g = int(m.lastgroup[1:])  # type: ignore[index]
            counts[g] = counts.get(g, 0) + 1
        return counts

    def score(self, *, text: str, headings: list[str], rubric: str | None,
              organisations: list[str]) -> list[ThemeScore]:
        """Themes with score ≥ :data:`FLOOR`, best first, each with its evidence."""
        evidence: dict[str, list[tuple[str, float]]] = {k: [] for k in self.themes}
        rub = fold_lower(rubric or "").strip()
        for t in self.themes.values():
            if rub and rub in t.rubrics:
                evidence[t.key].append((f"rubric: {rubric}", W_RUBRIC))
            elif rub and rub in t.supporting:
                evidence[t.key].append((f"rubric: {rubric}", W_SUPPORT))
            for org in dict.fromkeys(organisations):
                if org in t.organisations:
                    evidence[t.key].append((f"organisation: {org}", W_ORG))
        head_text = _TITLES.sub(" ", fold_lower("\n".join(headings)))
        body = _TITLES.sub(" ", fold_lower(text))
        for key in self.themes:
            self._add_term_evidence(key, head_text, body, evidence[key])
        scores: dict[str, float] = {}
        for key, ev in evidence.items():
            rest = 1.0
            for _, w in ev:
                rest *= 1 - w
            scores[key] = round(1 - rest, 4)
        for key in self._bottom_up():
            parent = self.themes[key].broader
            if parent and scores[key] > scores[parent]:
                scores[parent] = scores[key]
                evidence[parent].append((f"narrower: {key}", 0.0))
        out = [ThemeScore(k, scores[k], tuple(e for e, _ in ev))
               for k, ev in evidence.items() if scores[k] >= FLOOR]
        return sorted(out, key=lambda t: (-t.score, t.theme_key))

    def _bottom_up(self) -> list[str]:
        """Theme keys, deepest first (children before their parents)."""
        def depth(k: str) -> int:
            b = self.themes[k].broader
            return 0 if b is None else 1 + depth(b)
        return sorted(self.themes, key=lambda k: (-depth(k), k))

    def _add_term_evidence(self, key: str, head_text: str, body: str,
                           evidence: list[tuple[str, float]]) -> None:
        head_hits = self._hits(key, head_text)
        text_hits = self._hits(key, body)
        for g in sorted(set(head_hits) | set(text_hits)):
            for i in self._group_terms[key][g]:
                _, term, phrase = self._terms[i]
                if g in head_hits:
                    evidence.append((f"heading: {term}",
                                     W_PHRASE_HEAD if phrase else W_WORD_HEAD))
                elif phrase:
                    evidence.append((f"text: {term}", W_PHRASE_TEXT))
                else:
                    n = text_hits[g]
                    evidence.append((f"text: {term}" + (f" ×{n}" if n > 1 else ""),
                                     W_WORD_TEXT + (W_WORD_REPEAT if n >= 3 else 0)))


def load_themes(path=None) -> list[Theme]:
    from rdflib import Graph, Literal, Namespace
    from rdflib.namespace import RDF, SKOS

    from qgraph.rdf.iris import THEME
    from qgraph.rdf.vocab import QG_BASE
    from qgraph.resources import ontology_file

    qg = Namespace(QG_BASE)
    graph = Graph()
    graph.parse(str(path or ontology_file(THEMES_FILE)), format="turtle")

    def key(node) -> str:
        return str(node)[len(THEME):]

    def lits(s, p, lang=None) -> list[str]:
        return sorted(str(o) for o in graph.objects(s, p)
                      if isinstance(o, Literal) and (lang is None or o.language == lang))

    themes = []
    for s in sorted(graph.subjects(RDF.type, SKOS.Concept), key=str):
        broader = list(graph.objects(s, SKOS.broader))
        themes.append(Theme(
            key=key(s), label_fr=lits(s, SKOS.prefLabel, "fr")[0],
            label_en=lits(s, SKOS.prefLabel, "en")[0],
            broader=key(broader[0]) if broader else None,
            rubrics=frozenset(fold_lower(r) for r in lits(s, qg.indicatorRubric)),
            supporting=frozenset(fold_lower(r) for r in lits(s, qg.supportingRubric)),
            phrases=tuple(lits(s, qg.keyPhrase)), keywords=tuple(lits(s, SKOS.hiddenLabel)),
            organisations=frozenset(str(o).rsplit("/", 1)[1]
                                    for o in graph.objects(s, qg.indicatorOrganisation)),
        ))
    return themes


@cache
def scorer() -> ThemeScorer:
    """The packaged themes, loaded once per process."""
    return ThemeScorer(load_themes())


def is_sovereignty_related(themes: list[ThemeScore]) -> bool:
    """The top concept (which takes the best score of its narrower themes) reaches the
    threshold."""
    return any(t.theme_key == TOP and t.score >= SOVEREIGNTY_THRESHOLD for t in themes)
