"""Named queries over HTTP: ``/queries/`` lists them, ``/queries/{name}?param=value`` runs one.

Parameters are turned into RDF terms by the same code as ``qgraph query`` and bound with a
``VALUES`` block opening the query's top-level ``WHERE`` group, so a value is never pasted into the
query text as syntax: it is an escaped N-Triples term inside ``VALUES``. That is the pre-binding
that pyoxigraph's substitutions do (they also require the variable to be projected).
"""

from __future__ import annotations

import html
import json
from urllib.parse import quote

from qgraph.errors import QueryError
from qgraph.query.named import NamedQuery, bind, list_queries
from qgraph.query.values import bind_in_text


def bound_text(query: NamedQuery, values: dict[str, str]) -> str:
    """The query text with its parameters bound (checked and typed as ``qgraph query`` does):
    a ``VALUES`` row opens each WHERE group (the query's and its subqueries'), and a BIND to a
    parameter becomes a check of its value."""
    return bind_in_text(query.text, bind(query, values))


def find(name: str) -> NamedQuery:
    for q in list_queries():
        if q.name == name:
            return q
    raise QueryError(f"no query named {name!r} (see /queries/)")


def listing_json() -> bytes:
    items = [{"name": q.name, "title": q.title, "description": q.description,
              "params": [vars(p) for p in q.params], "path": f"/queries/{q.name}",
              "text": f"/queries/{q.name}.rq"} for q in list_queries()]
    return json.dumps(items, ensure_ascii=False, indent=1).encode("utf-8")


def listing_html() -> bytes:
    rows = []
    for q in list_queries():
        params = "".join(
            f'<label>{html.escape(p.name)}{" *" if p.required else ""} '
            f'<input name="{html.escape(p.name)}" placeholder="{html.escape(p.type)}" '
            f'title="{html.escape(p.doc)}"{" required" if p.required else ""}></label> '
            for p in q.params)
        rows.append(
            f'<section><h2>{html.escape(q.title or q.name)}</h2><p>{html.escape(q.description)}</p>'
            f'<form action="/queries/{quote(q.name)}" method="get">{params}'
            f'<button>Run</button> <a href="/queries/{quote(q.name)}.rq">SPARQL text</a></form>'
            f'</section>')
    page = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>qgraph named "
            "queries</title></head><body><h1>qgraph named queries</h1><p><a href=\"/\">SPARQL "
            "query editor</a> · results as JSON (<code>Accept</code> header chooses CSV, TSV, XML)"
            "</p>" + "".join(rows) + "</body></html>")
    return page.encode("utf-8")
