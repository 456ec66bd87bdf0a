"""Question identity (legislature, type, number) from uids, AN URLs and file names.

Forms read: ``QANR5L17QE10992`` (open-data uid, /dyn/ URLs), ``16-971QE`` (old
questions.assemblee-nationale.fr URL ``q16/16-971QE.htm``), ``/16/question/QE/2114``
(NosDéputés URL); any prefix or suffix (``.htm``, ``.txt``) around them is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import cast

from qgraph.records.model import QuestionType

_FORMS = (
    re.compile(r"QANR5L(?P<leg>\d{1,2})(?P<type>QOSD|QE|QG)(?P<num>\d+)", re.IGNORECASE),
    re.compile(r"(?<!\d)(?P<leg>\d{1,2})-(?P<num>\d+)(?P<type>QOSD|QE|QG)(?![A-Za-z])", re.IGNORECASE),
    re.compile(r"(?<!\d)(?P<leg>\d{1,2})/questions?/(?P<type>QOSD|QE|QG)/(?P<num>\d+)", re.IGNORECASE),
)


@dataclass(frozen=True)
class QuestionId:
    legislature: int | None = None
    type: QuestionType | None = None
    number: int | None = None

    @property
    def complete(self) -> bool:
        return None not in (self.legislature, self.type, self.number)

    def filled_from(self, other: QuestionId) -> QuestionId:
        """This id with its gaps filled from ``other``."""
        return replace(
            self,
            legislature=self.legislature if self.legislature is not None else other.legislature,
            type=self.type or other.type,
            number=self.number if self.number is not None else other.number,
        )

    def uid(self) -> str:
        return f"QANR5L{self.legislature}{self.type}{self.number}"


def find_id(text: str) -> QuestionId | None:
    """The first question id written in ``text`` (a uid, file name or URL), if any."""
    for form in _FORMS:
        m = form.search(text)
        if m:
            kind = cast(QuestionType, m["type"].upper())
            return QuestionId(int(m["leg"]), kind, int(m["num"]))
    return None


def unique_id(texts: tuple[str, ...]) -> QuestionId | None:
    """The question id the ``texts`` (link targets) point to, when they all agree on one."""
    found = {qid for qid in map(find_id, texts) if qid is not None}
    return found.pop() if len(found) == 1 else None


def file_name(path: str) -> str:
    """The last component of a path or zip member name, either slash style."""
    return re.split(r"[\\/]", path)[-1]
