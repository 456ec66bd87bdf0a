"""Evaluate the enrich stage against hand annotations and write EVALUATION.md.

Usage::

    python -m qgraph.enrich.evaluate [--fixtures DIR] [--data DIR] [--output EVALUATION.md]

``--data`` holds ``gold.json`` (uid → organisations, sovereignty) and ``questions.json``
(texts written for the evaluation); ``--fixtures`` is the AN open-data fixture folder (with a
``questions/`` sub-folder) from which the ``QANR…`` questions are read. Organisation scores count
distinct (question, organisation) pairs found by the gazetteer and acronym steps; NER candidates
are reported apart.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from qgraph.enrich import enrich_question
from qgraph.records.model import Origin, QuestionRecord

REPO = Path(__file__).resolve().parents[3]
DEFAULT_DATA = REPO / "tests" / "data" / "evaluation"
DEFAULT_FIXTURES = REPO.parent / "shared" / "fixtures" / "an-opendata"
_UID = re.compile(r"^QANR5L(\d+)(QE|QG|QOSD)(\d+)$")


def html_to_text(value: str) -> str:
    value = re.sub(r"<br\s*/?>|</p>", "\n", value)
    return html.unescape(re.sub(r"<[^>]+>", "", value)).strip()


def _one(value):
    return value[0] if isinstance(value, list) else value


def fixture_record(path: Path) -> QuestionRecord:
    """A minimal record from an AN open-data question file (what the enrich stage reads)."""
    q = orjson.loads(path.read_bytes())["question"]
    m = _UID.match(q["uid"])
    if not m:
        raise ValueError(f"{path}: unexpected uid {q['uid']!r}")
    idx = q.get("indexationAN") or {}
    analyses = _one((idx.get("analyses") or {}).get("analyse"))
    analyses = [analyses] if isinstance(analyses, str) else list(analyses or [])
    question = _one((q.get("textesQuestion") or {}).get("texteQuestion")) or {}
    answer = _one((q.get("textesReponse") or {}).get("texteReponse")) or {}
    return QuestionRecord(
        uid=q["uid"], legislature=int(m.group(1)), type=m.group(2),  # type: ignore[arg-type]
        number=int(m.group(3)), origin=Origin(str(path)), rubrique=idx.get("rubrique"),
        tete_analyse=idx.get("teteAnalyse"), analyses=tuple(analyses),
        title=analyses[0] if analyses else None,
        question_text=html_to_text(question["texte"]) if question.get("texte") else None,
        answer_text=html_to_text(answer["texte"]) if answer.get("texte") else None)


def authored_records(data: Path) -> dict[str, QuestionRecord]:
    doc = orjson.loads((data / "questions.json").read_bytes())
    out = {}
    for i, q in enumerate(doc["questions"], start=1):
        out[q["uid"]] = QuestionRecord(
            uid=q["uid"], legislature=17, type="QE", number=i,
            origin=Origin("tests/data/evaluation/questions.json", member=q["uid"]),
            rubrique=q.get("rubrique"), title=q.get("title"),
            analyses=(q["title"],) if q.get("title") else (), question_text=q["text"])
    return out


@dataclass
class Result:
    n: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    sov_correct: int = 0
    ner_candidates: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    seconds_ner: float = 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def accuracy(self) -> float:
        return self.sov_correct / self.n if self.n else 1.0


def load_records(fixtures: Path, data: Path, uids: list[str]) -> dict[str, QuestionRecord]:
    records = authored_records(data)
    folder = fixtures / "questions" if (fixtures / "questions").is_dir() else fixtures
    for uid in uids:
        if uid not in records:
            records[uid] = fixture_record(folder / f"{uid}.json")
    return records


def evaluate(fixtures: Path = DEFAULT_FIXTURES, data: Path = DEFAULT_DATA, *,
             with_ner: bool = True) -> Result:
    """Scores on the annotated set; ``with_ner=False`` skips the (slow) NER pass."""
    gold = orjson.loads((data / "gold.json").read_bytes())["questions"]
    records = load_records(fixtures, data, list(gold))
    res = Result()
    warm = next(iter(records.values()))
    enrich_question(warm, ner=with_ner)  # load gazetteer, themes (and spaCy) first
    t0 = time.perf_counter()
    found = {uid: enrich_question(records[uid], ner=False) for uid in gold}
    res.seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    ner_runs = {uid: enrich_question(records[uid], ner=True) for uid in gold} if with_ner else {}
    res.seconds_ner = time.perf_counter() - t0
    for uid, g in gold.items():
        res.n += 1
        e = found[uid]
        got, want = set(e.organisations()), set(g["organisations"])
        res.tp += len(got & want)
        res.fp += len(got - want)
        res.fn += len(want - got)
        for k in sorted(got - want):
            res.errors.append(f"{uid}: false organisation {k}")
        for k in sorted(want - got):
            res.errors.append(f"{uid}: missed organisation {k}")
        if e.sovereignty_related == g["sovereignty"]:
            res.sov_correct += 1
        else:
            top = ", ".join(f"{t.theme_key} {t.score:.2f}" for t in e.themes[:3]) or "no theme"
            res.errors.append(f"{uid}: sovereignty {e.sovereignty_related} (gold "
                              f"{g['sovereignty']}; {top})")
        if uid in ner_runs:
            res.ner_candidates += len(ner_runs[uid].organisations(ner=True))
    return res


def report(res: Result) -> str:
    errors = "\n".join(f"- {e}" for e in res.errors) or "- none"
    return f"""# Evaluation of the enrich stage

Produced by `python -m qgraph.enrich.evaluate --output EVALUATION.md` (add `--fixtures DIR`
if the AN fixtures are not in `../shared/fixtures/an-opendata`).

## Numbers

| measure | value |
| --- | --- |
| questions | {res.n} |
| organisation precision (gazetteer + acronyms) | {res.precision:.3f} ({res.tp} correct, {res.fp} false) |
| organisation recall (gazetteer + acronyms) | {res.recall:.3f} ({res.fn} missed) |
| sovereignty accuracy | {res.accuracy:.3f} ({res.sov_correct}/{res.n}) |
| NER candidates (spaCy, reported apart, not scored) | {res.ner_candidates} |
| speed without NER | {res.n / res.seconds:.0f} questions/s |
| speed with NER | {res.n / res.seconds_ner:.1f} questions/s  |

## Method

- **Set**: {res.n} questions annotated by hand in `tests/data/evaluation/gold.json`: 19 AN
  open-data fixtures (10 QG, whose debate is the answer text, and the 9 L17 QE, all on palliative
  care, i.e. decoys) referenced by uid only, and 29 texts written for the evaluation
  (`questions.json`): sovereignty questions on cloud, extraterritorial law, health data,
  medicines, energy, defence, space, raw materials, food, payments, cybersecurity, and decoys
  with traps (the town of Orange, La Roche-sur-Yon, "Visa refusé", a CNIL question on video
  surveillance, pesticides in agriculture).
- **Organisations**: distinct (question, organisation) pairs; the gold lists every organisation
  the text names (companies, products, public, EU and international bodies, foreign
  authorities, NGOs, unions, trade associations, media), not ministries, the Government, the
  State, chambers, parliamentary groups, parties or persons. Methods `gazetteer` and `acronym`
  are scored; NER candidates are counted only.
- **Sovereignty**: the gold says whether the question concerns control, supply, production or
  dependence in a strategic sector, or invokes sovereignty/strategic autonomy; the system says
  so when the `sovereignty` top concept scores ≥ 0.5 (see `qgraph.enrich.themes`).
- The gazetteer and themes were tuned while building this set, so the numbers are optimistic
  for unseen questions.

## Errors

{errors}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    res = evaluate(args.fixtures, args.data)
    text = report(res)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
