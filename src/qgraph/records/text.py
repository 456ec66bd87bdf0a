"""What the search index and the re-ask cache keep of a question: its texts, not its graph.

A worker process that maps a question ships this small record back instead of the whole
:class:`QuestionRecord` (pickling records cost the ingest more than mapping them), with the
re-ask fingerprint of its text already computed (``qgraph.links.cache.fingerprints``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar

from qgraph.records.model import QuestionRecord

C = TypeVar("C", bound=type)


def pickled_by_constructor(cls: C) -> C:
    """Make a slotted dataclass unpickle through its constructor. The generic setstate of
    slotted dataclasses calls ``fields()`` for every object it restores; the ingest unpickles
    three such objects per question that workers send back (30 → 12 µs per question:
    ``benchmarks/bench_stages.py``, stage ``unpickle``)."""
    values = attrgetter(*(f.name for f in fields(cls)))

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, values(self)
    cls.__reduce__ = __reduce__  # type: ignore[assignment]
    return cls


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class TextFingerprint:
    """The re-ask cache's view of a question text: the hash of its cleaned text with the
    legislature and, when ``complete``, its MinHash signature and LSH band keys (both None for a
    text too short to compare). An incomplete one only says the text is the one cached."""

    text_hash: bytes
    signature: bytes | None = None
    lsh_keys: bytes | None = None
    complete: bool = False


@pickled_by_constructor
@dataclass(frozen=True, slots=True)
class IndexedText:
    uid: str
    legislature: int
    from_page: bool
    title: str
    question: str | None
    answer: str | None
    fingerprint: TextFingerprint | None = None  # of ``question``; None: not computed yet

    @classmethod
    def of(cls, rec: QuestionRecord, fingerprint: TextFingerprint | None = None) -> IndexedText:
        title = rec.title or (rec.analyses[0] if rec.analyses else "") or ""
        return cls(rec.uid, rec.legislature, rec.origin.kind == "page", title, rec.question_text,
                   rec.answer_text, fingerprint)


__all__ = ["IndexedText", "TextFingerprint", "pickled_by_constructor"]
