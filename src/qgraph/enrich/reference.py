"""The enrich stage as first written: slow, plain, and the specification of the fast one.

The fast path (:mod:`qgraph.enrich.scan`, ``Gazetteer.match``, ``ThemeScorer.score``) must give
exactly what these functions give: ``tests/test_enrich_speed.py`` checks it on every fixture, and
``benchmarks/bench_enrich.py --reference`` times them as the "before" numbers. Here the gazetteer
looks up the n-grams of every token of the text (longest first) in its two tables, and each theme
runs its own regex over the whole text; the text is folded with ``str.translate``.
"""

from __future__ import annotations

from qgraph.enrich import acronyms, question_source_text
from qgraph.enrich.gazetteer import _PLACE_LINKS, _PLACE_WORDS, _longest_first, _mentions, gazetteer
from qgraph.enrich.model import Enrichment, Mention, ThemeScore
from qgraph.enrich.text import _fold_lower_slow, _fold_slow, tokens
from qgraph.enrich.themes import (
    _TITLES,
    FLOOR,
    W_ORG,
    W_RUBRIC,
    W_SUPPORT,
    _bottom_up,
    is_sovereignty_related,
    scorer,
)
from qgraph.records.model import QuestionRecord


def match(text: str) -> list[Mention]:
    """Gazetteer mentions: at each token, the longest name in either table."""
    gaz = gazetteer()
    cs, ci = gaz._cs, gaz._ci
    toks = tokens(_fold_slow(text))
    lower = [t.lower() for t, _, _ in toks]
    cased = [t for t, _, _ in toks]
    found: list[tuple[int, int, str, float]] = []
    n_tok = len(toks)
    for i in range(n_tok):
        best: tuple[int, str, float] | None = None
        for index, words in ((cs, cased), (ci, lower)):
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
    j = i - 1
    if j >= 0 and lower[j] == "'":
        j -= 1
    if j >= 1 and lower[j] in ("d", "de"):
        return lower[j - 1] in _PLACE_WORDS
    return False


def _in_place_name(lower: list[str], i: int) -> bool:
    if i + 2 < len(lower) and lower[i + 1] == "-" and lower[i + 2] in _PLACE_LINKS:
        return True
    return i >= 2 and lower[i - 1] == "-" and lower[i - 2] in ("saint", "sainte", "st", "ste")


def theme_hits(body: str) -> dict[str, dict[int, int]]:
    """Per theme, the count of each regex group over the whole text (``finditer``)."""
    out: dict[str, dict[int, int]] = {}
    for key, regex in scorer()._regex.items():
        counts: dict[int, int] = {}
        for m in regex.finditer(body):
            g = int(m.lastgroup[1:])  # type: ignore[index]
            counts[g] = counts.get(g, 0) + 1
        if counts:
            out[key] = counts
    return out


def score(*, text: str, headings: list[str], rubric: str | None,
          organisations: list[str]) -> list[ThemeScore]:
    sc = scorer()
    evidence: dict[str, list[tuple[str, float]]] = {k: [] for k in sc.themes}
    rub = _fold_lower_slow(rubric or "").strip()
    for t in sc.themes.values():
        if rub and rub in t.rubrics:
            evidence[t.key].append((f"rubric: {rubric}", W_RUBRIC))
        elif rub and rub in t.supporting:
            evidence[t.key].append((f"rubric: {rubric}", W_SUPPORT))
        for org in dict.fromkeys(organisations):
            if org in t.organisations:
                evidence[t.key].append((f"organisation: {org}", W_ORG))
    head_hits = theme_hits(_TITLES.sub(" ", _fold_lower_slow("\n".join(headings))))
    text_hits = theme_hits(_TITLES.sub(" ", _fold_lower_slow(text)))
    for key in sc.themes:
        sc._add_term_evidence(key, head_hits.get(key, {}), text_hits.get(key, {}), evidence[key])
    scores: dict[str, float] = {}
    for key, ev in evidence.items():
        rest = 1.0
        for _, w in ev:
            rest *= 1 - w
        scores[key] = round(1 - rest, 4)
    for key in _bottom_up(sc.themes):
        parent = sc.themes[key].broader
        if parent and scores[key] > scores[parent]:
            scores[parent] = scores[key]
            evidence[parent].append((f"narrower: {key}", 0.0))
    out = [ThemeScore(k, scores[k], tuple(e for e, _ in ev))
           for k, ev in evidence.items() if scores[k] >= FLOOR]
    return sorted(out, key=lambda t: (-t.score, t.theme_key))


def enrich_question(record: QuestionRecord) -> Enrichment:
    """:func:`qgraph.enrich.enrich_question` without NER, the slow way."""
    text, source = question_source_text(record)
    headings = [record.title or "", record.tete_analyse or "", *record.analyses]
    headings = [h for h in dict.fromkeys(headings) if h]
    gaz = gazetteer()

    def labels_of(key: str) -> list[str]:
        org = gaz.organisations[key]
        return [org.label_fr, org.label_en or "", *org.aliases]

    mentions = sorted(acronyms.resolve(text, match(text), labels_of), key=lambda m: m.sort_key)
    orgs = [m.org_key for m in mentions]
    themes = score(text=text, headings=headings, rubric=record.rubrique, organisations=orgs)
    return Enrichment(tuple(mentions), tuple(themes), is_sovereignty_related(themes),
                      source)  # type: ignore[arg-type]
