"""Where the runner puts the inline VALUES of the parameters: the top-level pattern, skipping
comments, strings and IRIs, or a ``# @values`` line; terms are written by pyoxigraph."""

from __future__ import annotations

import pyoxigraph as ox

from qgraph.query.run import with_values


def test_values_open_the_top_level_pattern_past_comments_strings_and_iris() -> None:
    text = '# title: { not here\nPREFIX e: <http://e/x>\nSELECT ?a WHERE { FILTER("{" != "}") }'
    out = with_values(text, {"a": ox.Literal('x"y'), "b": ox.NamedNode("http://e/b")})
    assert out == ('# title: { not here\nPREFIX e: <http://e/x>\nSELECT ?a WHERE {\n'
                   '  VALUES (?a ?b) { ("x\\"y" <http://e/b>) }\n FILTER("{" != "}") }')
    assert ox.Store().query(out) is not None  # parses


def test_a_values_marker_places_them_in_a_subquery() -> None:
    text = "SELECT ?x WHERE { { SELECT ?x WHERE {\n  # @values\n  ?s ?p ?x } } }"
    out = with_values(text, {"x": ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))})
    assert out is not None
    assert out.index("VALUES (?x)") > out.index("# @values") > out.index("SELECT ?x WHERE {")
    assert out.startswith("SELECT ?x WHERE { { SELECT ?x WHERE {\n  # @values\n  VALUES (?x)")


def test_no_parameters_no_values() -> None:
    assert with_values("SELECT * WHERE { ?s ?p ?o }", {}) is None
    assert with_values("ASK", {"a": ox.Literal("1")}) is None
