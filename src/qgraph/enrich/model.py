"""What the enrich stage produces for one question: organisation mentions and theme scores."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Method = Literal["gazetteer", "acronym", "ner"]
TextSource = Literal["question", "answer"]

CONTEXT_CHARS = 32  # length of oa:prefix / oa:suffix


@dataclass(frozen=True)
class Mention:
    """One organisation named in a text: ``text[start:end] == exact``.

    ``org_key`` is a gazetteer key (``microsoft-azure``) or, for NER candidates, ``ner-{slug}``.
    ``prefix``/``suffix`` are the :data:`CONTEXT_CHARS` characters around the mention
    (for ``oa:TextQuoteSelector``).
    """

    org_key: str
    start: int
    end: int
    exact: str
    method: Method
    confidence: float
    prefix: str = ""
    suffix: str = ""

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.org_key)


@dataclass(frozen=True)
class ThemeScore:
    """How strongly a question belongs to a theme (0–1) and the evidence for it."""

    theme_key: str
    score: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Enrichment:
    """Mentions (sorted by start, end, key), themes (best first) and the sovereignty verdict.

    ``source`` says which text the offsets refer to: the question text or, for a QG whose
    debate is only published as the answer, the answer text. ``labels`` gives a label for
    each NER-candidate key (they are not in the gazetteer).
    """

    mentions: tuple[Mention, ...]
    themes: tuple[ThemeScore, ...]
    sovereignty_related: bool
    source: TextSource = "question"
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def organisations(self, *, ner: bool = False) -> list[str]:
        """Distinct organisation keys in order of first mention (NER candidates if ``ner``)."""
        seen: dict[str, None] = {}
        for m in self.mentions:
            if (m.method == "ner") == ner:
                seen.setdefault(m.org_key, None)
        return list(seen)

    def theme_keys(self, threshold: float) -> list[str]:
        return [t.theme_key for t in self.themes if t.score >= threshold]


def with_context(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix of ``text[start:end]`` for a text-quote selector."""
    return text[max(0, start - CONTEXT_CHARS):start], text[end:end + CONTEXT_CHARS]
