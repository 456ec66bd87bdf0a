"""The one place where export attribute values are made safe (qgraph.export.sanitize)."""

from __future__ import annotations

import io
import math
from datetime import date

import networkx as nx

from qgraph.export.sanitize import safe_attrs, safe_key, safe_value, unify_types
from qgraph.export.writers import prepare, to_gexf, to_graphml


def test_safe_value_scalars_and_collections() -> None:
    assert safe_value(None) is None
    assert safe_value(math.nan) is None and safe_value(math.inf) is None
    assert safe_value(True) is True and safe_value(7) == 7
    assert safe_value(0.1 + 0.2) == 0.3
    assert safe_value(date(2024, 2, 13)) == "2024-02-13"
    assert safe_value([17, 9, 16, 9]) == "9;16;17"
    assert safe_value(["b", None, "a", "b"]) == "a;b"
    assert safe_value([]) is None and safe_value(set()) is None
    assert safe_value("a\x00b\x1fc\td") == "abc\td"


def test_safe_keys_and_attrs() -> None:
    assert safe_key("id") == "id_" and safe_key("spells") == "spells_"
    assert safe_key("a b/c") == "a_b_c" and safe_key("??") == "attr"
    attrs = safe_attrs({"z": 1, "label": "x", "id": "i", "none": None, "legs": {16, 14}},
                       keep=("label",))
    assert attrs == {"id_": "i", "label": "x", "legs": "14;16", "z": 1}
    assert list(attrs) == sorted(attrs)


def test_unify_types_one_type_per_key() -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", n=1, m=1, flag=True)
    g.add_node("b", n=2.5, m="two", flag=False)
    g.add_node("c", flag=3)
    unify_types(g)
    assert [g.nodes[x]["n"] for x in "ab"] == [1.0, 2.5]
    assert [g.nodes[x]["m"] for x in "ab"] == ["1", "two"]
    assert [g.nodes[x]["flag"] for x in "abc"] == ["true", "false", "3"]


def test_prepared_graph_writes_where_raw_values_would_fail() -> None:
    g = nx.MultiDiGraph(name="t")
    g.add_node("urn:a", label="A", type="deputy", legislatures={16, 17}, note=None, when=date(2024, 1, 2))
    g.add_node("urn:b", label="B", type="group", legislatures={16}, color="#ABCDEF", note=["x", "y"])
    g.add_edge("urn:a", "urn:b", key="e0", type="member-of", weight=2, legislatures={16})
    prepare(g)
    graphml = nx.read_graphml(io.BytesIO(to_graphml(g)))
    assert graphml.nodes["urn:b"]["note"] == "x;y" and "note" not in graphml.nodes["urn:a"]
    assert graphml.nodes["urn:a"]["when"] == "2024-01-02"
    assert graphml.nodes["urn:b"]["color"] == "#abcdef"
    data = to_gexf(g)
    assert b'<spell start="2022-06-22" end="2024-06-09" />' in data
    assert b'<spell start="2024-07-18" />' in data  # L17 is still running: open spell
    gexf = nx.read_gexf(io.BytesIO(data))
    assert len(gexf.nodes["urn:a"]["spells"]) == 2
    assert gexf.nodes["urn:b"]["viz"]["color"] == {"r": 0xab, "g": 0xcd, "b": 0xef, "a": 1.0}
    assert gexf.nodes["urn:a"]["community"] == gexf.nodes["urn:b"]["community"] == 0
