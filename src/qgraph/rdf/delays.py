"""A question's deadlines and delays as facts of its own (stage 4: records → rdf).

Computed once at mapping time so that the named queries read them instead of doing date
arithmetic on every question of every run (SPARQL has no "add two months", and Oxigraph 0.5's
``date + xsd:yearMonthDuration`` is unreliable):

* ``qg:answerDeadline``: a written question's publication date plus two months, the deadline of
  article 135, alinéa 6 of the Règlement de l'Assemblée nationale; ``qg:extensionDeadline``:
  plus three months (the one-month extension a minister may ask for). A day the month lacks is
  the month's last day (published 31 December → deadline 28 or 29 February).
* ``qg:answerDelayDays``: days from the question's publication to its answer's (any type).
* ``qg:closed``: the day the question stopped being open: its answer's publication, else its
  closing date (withdrawal, end of term, ...).
"""

from __future__ import annotations

import calendar
from datetime import date

from qgraph.rdf.nt import Triple, integer, xsd_date
from qgraph.rdf.vocab import QG
from qgraph.records import QuestionRecord

ANSWER_MONTHS = 2
EXTENDED_MONTHS = 3


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, on the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def delay_facts(rec: QuestionRecord, q: str) -> list[Triple]:
    published = rec.published.date if rec.published else None
    answered = rec.answered.date if rec.answered else None
    closed = answered or (rec.closing.date if rec.closing else None)
    t: list[Triple] = []
    if published and rec.type == "QE":
        t += [(q, QG.answerDeadline, xsd_date(add_months(published, ANSWER_MONTHS))),
              (q, QG.extensionDeadline, xsd_date(add_months(published, EXTENDED_MONTHS)))]
    if published and answered and answered >= published:  # an answer before its question is an error
        t.append((q, QG.answerDelayDays, integer((answered - published).days)))
    if closed:
        t.append((q, QG.closed, xsd_date(closed)))
    return t
