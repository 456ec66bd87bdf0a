"""Stage 6: named queries and their results."""

from qgraph.query.named import NamedQuery, Param, list_queries, load_query
from qgraph.query.run import FORMATS, Result, render, to_sparql_json
from qgraph.query.run import execute as run_query

__all__ = ["FORMATS", "NamedQuery", "Param", "Result", "list_queries", "load_query", "render",
           "run_query", "to_sparql_json"]
