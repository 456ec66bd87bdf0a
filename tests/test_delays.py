"""Deadlines and delays as facts of each question (rdf.delays): the rule on hand-made dates,
then every written question of the fixture store checked against Python's date arithmetic."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from fixture_store import SEED_UID, library_store  # noqa: F401
from qgraph.rdf.delays import add_months, delay_facts
from qgraph.rdf.vocab import QG
from qgraph.records import Closing, JOInfo, Origin, QuestionRecord
from qgraph.store import open_store


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2024, 10, 22), 2, date(2024, 12, 22)),
    (date(2024, 11, 5), 2, date(2025, 1, 5)),      # across a year
    (date(2024, 12, 31), 2, date(2025, 2, 28)),    # a day February lacks
    (date(2023, 12, 30), 2, date(2024, 2, 29)),    # leap year
    (date(2024, 12, 31), 3, date(2025, 3, 31)),
    (date(2025, 1, 31), 3, date(2025, 4, 30)),
])
def test_add_months_lands_on_the_months_last_day_when_needed(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def record(kind: str = "QE", published: date | None = date(2025, 1, 6), answered: date | None = None,
           closed: date | None = None) -> QuestionRecord:
    return QuestionRecord(
        uid=f"QANR5L17{kind}1", legislature=17, type=kind, number=1, origin=Origin("t"),
        published=JOInfo(date=published) if published else None,
        answered=JOInfo(date=answered) if answered else None,
        closing=Closing(label="Retrait", date=closed) if closed else None)


def facts(rec: QuestionRecord) -> dict[str, str]:
    return {p: o for _s, p, o in delay_facts(rec, "<q>")}


def test_written_question_answered() -> None:
    got = facts(record(answered=date(2025, 4, 8), closed=date(2025, 4, 9)))
    assert got == {QG.answerDeadline: '"2025-03-06"^^<http://www.w3.org/2001/XMLSchema#date>',
                   QG.extensionDeadline: '"2025-04-06"^^<http://www.w3.org/2001/XMLSchema#date>',
                   QG.answerDelayDays: '"92"^^<http://www.w3.org/2001/XMLSchema#integer>',
                   # the answer, not the closing record, ends the wait
                   QG.closed: '"2025-04-08"^^<http://www.w3.org/2001/XMLSchema#date>'}


def test_open_oral_and_inconsistent_questions() -> None:
    assert set(facts(record())) == {QG.answerDeadline, QG.extensionDeadline}  # open: no delay, not closed
    assert set(facts(record("QOSD", answered=date(2025, 1, 14)))) == {QG.answerDelayDays, QG.closed}  # no deadline
    assert set(facts(record(answered=date(2025, 1, 1)))) == {QG.answerDeadline, QG.extensionDeadline, QG.closed}
    assert facts(record(published=None, closed=date(2025, 2, 1))) == {
        QG.closed: '"2025-02-01"^^<http://www.w3.org/2001/XMLSchema#date>'}


def test_every_written_question_of_the_store_has_its_deadline_and_delay(library_store: Path) -> None:  # noqa: F811
    sparql = """PREFIX qg: <https://w3id.org/qgraph/ontology#>
    SELECT ?uid ?pub ?ans ?closing ?deadline ?extended ?days ?closed WHERE {
      ?q a qg:WrittenQuestion ; qg:uid ?uid ; qg:published ?pub .
      OPTIONAL { ?q qg:answered ?ans } OPTIONAL { ?q qg:closing/qg:closingDate ?closing }
      OPTIONAL { ?q qg:answerDeadline ?deadline } OPTIONAL { ?q qg:extensionDeadline ?extended }
      OPTIONAL { ?q qg:answerDelayDays ?days } OPTIONAL { ?q qg:closed ?closed } }"""
    with open_store(library_store, read_only=True) as store:
        rows = [{k: (row[k].value if row[k] is not None else None) for k in
                 ("uid", "pub", "ans", "closing", "deadline", "extended", "days", "closed")}
                for row in store.select(sparql)]
    assert len(rows) == len({r["uid"] for r in rows}) >= 15  # one value of each fact per question
    answered = 0
    for r in rows:
        pub = date.fromisoformat(r["pub"])
        assert r["deadline"] == add_months(pub, 2).isoformat(), r
        assert r["extended"] == add_months(pub, 3).isoformat(), r
        if r["ans"]:
            answered += 1
            assert pub + timedelta(days=int(r["days"])) == date.fromisoformat(r["ans"]), r
        else:
            assert r["days"] is None, r
        assert r["closed"] == (r["ans"] or r["closing"]), r
    assert answered >= 9 and len(rows) - answered >= 5
    seed = next(r for r in rows if r["uid"] == SEED_UID)  # the seed: published 13 Feb 2024, withdrawn 11 June
    assert (seed["deadline"], seed["closed"], seed["days"]) == ("2024-04-13", "2024-06-11", None)
