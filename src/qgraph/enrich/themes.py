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

Each theme has one regex over its terms (longest pattern first); a term counts once per
non-overlapping match of that regex over the text. For speed the regex is not run over the
whole text: :mod:`qgraph.enrich.scan` finds the word starts where some term may begin, and there
a term of one word is decided by the word alone, the others by a regex of the theme's groups
that may match at that word (:meth:`ThemeScorer.hits`); :mod:`qgraph.enrich.reference` keeps
the whole-text version it must agree with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from qgraph.enrich.model import ThemeScore
from qgraph.enrich.scan import WORD_GAP, WordScan, literal
from qgraph.enrich.text import Views, fold_lower, word_view

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


_TERM_TOKEN = re.compile(r"\w+\*?|'|-|\s+|[^\w\s]")
# a first word this short is too common to scan for alone ("e-santé", "loi de blocage")
SHORT_ANCHOR = 3
_MEMO_SIZE = 50_000
# per theme that may match at a word: (theme, ((group, its regex, or None if it matches), ...))
_Tries = tuple[tuple[str, tuple[tuple[int, "re.Pattern[str] | None"], ...]], ...]


@dataclass(frozen=True)
class _OneWord:
    """A term of one word: ``token`` with plural endings, or any ending if ``star``."""

    token: str
    star: bool

    def matches(self, word: str) -> bool:
        if self.star:
            return word.startswith(self.token)
        return word == self.token or (len(self.token) >= 4 and word in (
            self.token + "s", self.token + "x", self.token + "es"))


@dataclass(frozen=True)
class _Group:
    """One alternative of a theme's regex: its pattern, the literal it starts with, and, for
    a term of one word, how to test a word against it without the regex."""

    pattern: str
    literal: str
    word: _OneWord | None

    @classmethod
    def of(cls, pattern: str, term: str) -> _Group:
        tokens = _TERM_TOKEN.findall(fold_lower(term))
        first = _term_anchor(term)[0]
        one = _OneWord(first, tokens[0].endswith("*")) if len(tokens) == 1 else None
        return cls(pattern, first, one)


def _strip_titles(lower: str) -> str:
    if "souverainete" not in lower and "transition energetique" not in lower:
        return lower  # cheap test first: every _TITLES alternative contains one of these
    return _TITLES.sub(" ", lower)


class ThemeScorer:
    """All themes, one regex per theme over its phrases and keywords, and a scan for where
    any of them may start."""

    def __init__(self, themes: list[Theme]) -> None:
        self.themes = {t.key: t for t in themes}
        self._terms: list[tuple[str, str, bool]] = []  # (theme, term, is_phrase)
        for t in themes:
            self._terms += [(t.key, p, True) for p in t.phrases]
            self._terms += [(t.key, k, False) for k in t.keywords]
        # one regex per theme, so that overlapping phrases of different themes all count
        self._regex: dict[str, re.Pattern[str]] = {}
        self._group_terms: dict[str, list[list[int]]] = {}
        self._groups: dict[str, list[_Group]] = {}  # by group number, per theme
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
            self._groups[t.key] = [_Group.of(p, self._terms[by_pattern[p][0]][1])
                                   for p in patterns]
        self._anchors = {_term_anchor(term)[1] for _, term, _ in self._terms}
        self._by_literal: dict[str, list[tuple[str, int]]] = {}  # first literal → groups
        for key, groups in self._groups.items():
            for g, group in enumerate(groups):
                self._by_literal.setdefault(group.literal, []).append((key, g))
        self._literal_sizes = sorted({len(lit) for lit in self._by_literal})
        self._memo: dict[str, _Tries] = {}
        self._group_regex: dict[tuple[str, int], re.Pattern[str]] = {}
        self._rubrics: dict[str, list[tuple[str, float]]] = {}
        self._by_org: dict[str, list[str]] = {}
        for t in themes:
            for r in t.rubrics | t.supporting:
                weight = W_RUBRIC if r in t.rubrics else W_SUPPORT
                self._rubrics.setdefault(r, []).append((t.key, weight))
            for org in t.organisations:
                self._by_org.setdefault(org, []).append(t.key)
        # (theme, broader), deepest first: children before their parents
        self._order = [(k, b) for k in _bottom_up(self.themes)
                       if (b := self.themes[k].broader) is not None]

    def anchors(self) -> set[tuple[str, ...]]:
        """Anchors (for :class:`~qgraph.enrich.scan.WordScan`) of every phrase and keyword."""
        return self._anchors

    @cached_property
    def _scan(self) -> WordScan:
        return WordScan(self._anchors)

    def _themes_for(self, word: str) -> _Tries:
        """What to try where ``word`` starts, per theme that may match there (memoised).

        Of a theme's groups (tried in its order, the first that matches winning, as in its
        whole regex), only those whose first literal begins ``word`` may match there; and a
        group of one word matches or not by ``word`` alone. So each theme gets the steps
        ``(group, regex)`` of its groups of several words up to its first one-word group that
        matches ``word``, which gets ``(group, None)``: it matches, no regex needed."""
        tries = self._memo.get(word)
        if tries is not None:
            return tries
        found: dict[str, list[int]] = {}
        for size in self._literal_sizes:
            if size > len(word):
                break
            for key, g in self._by_literal.get(word[:size], ()):
                found.setdefault(key, []).append(g)
        out = []
        for key in sorted(found):
            steps: list[tuple[int, re.Pattern[str] | None]] = []
            for g in sorted(found[key]):
                group = self._groups[key][g]
                if group.word is None:
                    steps.append((g, self._regex_of(key, g)))
                elif group.word.matches(word):
                    steps.append((g, None))
                    break  # it matches: no later group is ever tried
            if steps:
                out.append((key, tuple(steps)))
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        tries = self._memo[word] = tuple(out)
        return tries

    def _regex_of(self, key: str, g: int) -> re.Pattern[str]:
        regex = self._group_regex.get((key, g))
        if regex is None:
            pattern = self._groups[key][g].pattern
            regex = self._group_regex[key, g] = re.compile(rf"(?<!\w)(?=\w)(?:{pattern})")
        return regex

    def hits(self, body: str, candidates: list[tuple[int, str]]) -> dict[str, dict[int, int]]:
        """Per theme, how many times each of its regex groups matches ``body`` (a folded
        lower-case text), as ``finditer`` over the whole text would count them (non-overlapping
        within a theme), trying only the ``candidates`` of a scan of ``body``."""
        counts: dict[str, dict[int, int]] = {}
        resume: dict[str, int] = {}
        memo = self._memo
        for start, word in candidates:
            tries = memo.get(word)
            if tries is None:
                tries = self._themes_for(word)
            for key, steps in tries:
                if start < resume.get(key, 0):
                    continue
                g = -1  # the group that matches, if any
                for step in steps:
                    if step[1] is None:
                        g, end = step[0], start + len(word)
                        break
                    m = step[1].match(body, start)
                    if m is not None:
                        g, end = step[0], m.end()
                        break
                if g < 0:
                    continue
                resume[key] = end
                per_group = counts.setdefault(key, {})
                per_group[g] = per_group.get(g, 0) + 1
        return counts

    def _text_hits(self, lower: str, v: Views | None,
                   candidates: list[tuple[int, str]] | None) -> dict[str, dict[int, int]]:
        body = _strip_titles(lower)
        if body is not lower or candidates is None:
            words = v.words if v is not None and body is lower else word_view(body)
            candidates = self._scan.candidates(words)
        return self.hits(body, candidates)

    def score(self, *, text: str, headings: list[str], rubric: str | None,
              organisations: list[str], views: Views | None = None,
              candidates: list[tuple[int, str]] | None = None) -> list[ThemeScore]:
        """Themes with score ≥ :data:`FLOOR`, best first, each with its evidence.

        ``views`` (of ``text``) and ``candidates`` (of a scan of ``views.words`` whose anchors
        include :meth:`anchors`) may be passed when already computed."""
        evidence: dict[str, list[tuple[str, float]]] = {}  # only themes with some evidence
        rub = fold_lower(rubric or "").strip()
        if rub:
            for key, weight in self._rubrics.get(rub, ()):
                evidence.setdefault(key, []).append((f"rubric: {rubric}", weight))
        for org in dict.fromkeys(organisations):
            for key in self._by_org.get(org, ()):
                evidence.setdefault(key, []).append((f"organisation: {org}", W_ORG))
        lower = views.lower if views is not None else fold_lower(text)
        text_hits = self._text_hits(lower, views, candidates)
        head_hits = self._text_hits(fold_lower("\n".join(headings)), None, None) if headings \
            else {}
        for key in self.themes:
            if key in text_hits or key in head_hits:
                self._add_term_evidence(key, head_hits.get(key, {}), text_hits.get(key, {}),
                                        evidence.setdefault(key, []))
        scores: dict[str, float] = {}  # a theme without evidence scores 0
        for key, ev in evidence.items():
            rest = 1.0
            for _, w in ev:
                rest *= 1 - w
            scores[key] = round(1 - rest, 4)
        for key, parent in self._order:
            score = scores.get(key, 0.0)
            if score > scores.get(parent, 0.0):
                scores[parent] = score
                evidence.setdefault(parent, []).append((f"narrower: {key}", 0.0))
        out = [ThemeScore(k, score, tuple(e for e, _ in evidence[k]))
               for k, score in scores.items() if score >= FLOOR]
        return sorted(out, key=lambda t: (-t.score, t.theme_key))

    def _add_term_evidence(self, key: str, head_hits: dict[int, int],
                           text_hits: dict[int, int], evidence: list[tuple[str, float]]) -> None:
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


def _term_anchor(term: str) -> tuple[str, tuple[str, ...]]:
    """``(first literal, anchor)`` of a term: its first word (a prefix, plurals and ``*``
    endings being longer), or its first two words when the first is short and exact."""
    tokens = _TERM_TOKEN.findall(fold_lower(term))
    words = [t for t in tokens if t[0].isalnum() or t[0] == "_"]
    if not tokens or tokens[0] != words[0]:
        raise ValueError(f"theme term must start with a word: {term!r}")
    first = words[0].rstrip("*")
    if not words[0].endswith("*") and len(first) <= SHORT_ANCHOR and len(words) > 1:
        return first, (*literal(first), WORD_GAP, *literal(words[1].rstrip("*")))
    return first, tuple(literal(first))


def _bottom_up(themes: dict[str, Theme]) -> list[str]:
    """Theme keys, deepest first (children before their parents)."""
    def depth(k: str) -> int:
        b = themes[k].broader
        return 0 if b is None else 1 + depth(b)
    return sorted(themes, key=lambda k: (-depth(k), k))


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
