"""Parameters stated in a query's text as ``VALUES``, for the query planner and for endpoints
that have no substitution: the query's tokens are read (comments, strings and IRIs skipped), a
``VALUES`` row opens each WHERE group (the query's and its subqueries'), and a ``BIND`` to a
parameter becomes a check of its value. The terms are written by pyoxigraph (escaped
N-Triples), never pasted from user text."""

from __future__ import annotations

import re

import pyoxigraph as ox

from qgraph.errors import QueryError

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _skip_string(text: str, i: int) -> int:
    quote_char = text[i]
    if text.startswith(quote_char * 3, i):
        end = i + 3
        while True:
            end = text.find(quote_char * 3, end)
            if end < 0:
                return len(text)
            if text[end - 1] != "\\":
                return end + 3
            end += 1
    j = i + 1
    while j < len(text) and text[j] != quote_char:
        j += 2 if text[j] == "\\" else 1
    return j + 1


def tokens(text: str) -> list[tuple[str, int, int]]:
    """The query's tokens that matter here, as (kind, start, end): ``word`` (upper-cased in
    kind as ``w:WORD``), ``var`` (``v:name``), and single ``{ } ( )``. Comments, strings and IRIs
    are skipped."""
    out: list[tuple[str, int, int]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            nl = text.find("\n", i)
            i = n if nl < 0 else nl + 1
        elif c in "\"'":
            i = _skip_string(text, i)
        elif c == "<":
            m = _IRIREF.match(text, i)
            i = m.end() if m else i + 1
        elif c in "?$":
            m = _WORD.match(text, i + 1)
            if m:
                out.append((f"v:{m.group(0)}", i, m.end()))
                i = m.end()
            else:
                i += 1
        elif c in "{}()":
            out.append((c, i, i + 1))
            i += 1
        elif c.isalpha() or c == "_":
            m = _WORD.match(text, i)
            assert m is not None
            out.append((f"w:{m.group(0).upper()}", i, m.end()))
            i = m.end()
        else:
            i += 1
    return out


def where_groups(toks: list[tuple[str, int, int]]) -> list[int]:
    """Offsets of the ``{`` opening the WHERE group of the query and of each subquery (a
    CONSTRUCT template is skipped)."""
    depth = 0
    pending: dict[int, str] = {}
    construct_template = False
    out = []
    for kind, start, _ in toks:
        if kind in ("w:SELECT", "w:ASK", "w:DESCRIBE", "w:CONSTRUCT") and depth not in pending:
            pending[depth] = kind
        elif kind == "w:WHERE" and pending.get(depth) == "w:CONSTRUCT":
            pending[depth] = "w:SELECT"
        elif kind == "{":
            form = pending.get(depth)
            if form == "w:CONSTRUCT" and not construct_template:
                construct_template = True
            elif form is not None:
                out.append(start)
                del pending[depth]
            depth += 1
        elif kind == "}":
            depth -= 1
    if not out:
        raise QueryError("the query has no WHERE group to bind parameters in")
    return out


def _bind_rewrites(text: str, toks: list[tuple[str, int, int]], names: set[str]) -> list[tuple[int, int, str]]:
    """``BIND(expr AS ?p)`` of a parameter ``p`` becomes ``FILTER(sameTerm(expr, ?p))``: with the
    value given, the BIND checks it, as pyoxigraph's substitution does."""
    edits = []
    for k, (kind, start, _) in enumerate(toks):
        if kind != "w:BIND" or k + 1 >= len(toks) or toks[k + 1][0] != "(":
            continue
        depth, j = 0, k + 1
        while j < len(toks):
            if toks[j][0] == "(":
                depth += 1
            elif toks[j][0] == ")":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= len(toks) or j < k + 4:
            continue
        as_tok, var_tok = toks[j - 2], toks[j - 1]
        if as_tok[0] == "w:AS" and var_tok[0].startswith("v:") and var_tok[0][2:] in names:
            expr = text[toks[k + 1][2]:as_tok[1]]
            edits.append((start, toks[j][2], f"FILTER(sameTerm({expr.strip()}, ?{var_tok[0][2:]}))"))
    return edits


def bind_in_text(text: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """``text`` with ``terms`` bound as ``VALUES`` (see the module's docstring)."""
    if not terms:
        return text
    toks = tokens(text)
    names = " ".join(f"?{k}" for k in terms)
    row = " ".join(str(t) for t in terms.values())
    block = f" VALUES ({names}) {{ ({row}) }} "
    edits = [(at + 1, at + 1, block) for at in where_groups(toks)]
    edits += _bind_rewrites(text, toks, set(terms))
    for start, end, repl in sorted(edits, reverse=True):
        text = text[:start] + repl + text[end:]
    return text
