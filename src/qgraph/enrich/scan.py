"""Where gazetteer names and theme terms may start in a text, in one regex pass.

Matching every name at every token (or every theme regex over the whole text) is what made the
enrich stage slow. Instead, one regex runs over the ``words`` view of the text
(:func:`qgraph.enrich.text.views`), looking only at word starts (a space, then an *anchor*: the
first word of a name or term, or its first two words when the first is short and common, like
"la poste"). The matchers then try their exact regex only at those candidates. Anchors are a
necessary condition for a match, so the candidates are a superset of the true match starts.

Patterns are built as tries (:func:`trie_regex`): ``re`` tries alternatives one by one, so a
flat alternation of hundreds of names is far slower than a tree that branches on characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

END = ""
WORD_GAP = " +"  # between two words in the words view
WORD_END = "(?= )"


def trie_regex(sequences: Iterable[Sequence[str]]) -> str:
    """A regex matching any of ``sequences`` (each a sequence of regex atoms), built as a
    trie. Where a sequence is a prefix of another, the longer one is tried first."""
    root: dict = {}
    for seq in sequences:
        node = root
        for atom in seq:
            node = node.setdefault(atom, {})
        node[END] = {}
    return _emit(root) if root else "(?!x)x"


def _emit(node: dict) -> str:
    alternatives = [atom + _emit(child) for atom, child in sorted(node.items()) if atom != END]
    if END in node:
        return f"(?:{'|'.join(alternatives)})?" if alternatives else ""
    if len(alternatives) == 1:
        return alternatives[0]
    return f"(?:{'|'.join(alternatives)})"


def literal(text: str) -> list[str]:
    """Atoms matching ``text`` literally."""
    return [re.escape(c) for c in text]


class WordScan:
    """Candidate word starts for a set of anchors (atoms for the words view)."""

    def __init__(self, anchors: Iterable[Sequence[str]]) -> None:
        # the leading literal space lets re skip quickly to the next word start
        self._regex = re.compile(rf" (?={trie_regex(anchors)})([^ ]+)")

    def candidates(self, words: str) -> list[tuple[int, str]]:
        """``(offset, first word)`` of each candidate, in text order; ``words`` is a words view,
        offsets are offsets in the original text."""
        return [(m.start(), m.group(1)) for m in self._regex.finditer(words)]
