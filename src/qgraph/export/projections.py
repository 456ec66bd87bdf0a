"""The named projections: each a list of SPARQL SELECT queries over the store.

A query yields either **node rows** (``?node`` with ``?label``, ``?node_type`` and any other
variable as an attribute) or **edge rows** (``?source``, ``?target``, optional ``?weight``,
``?legislature``, ``?source_type``, ``?target_type``, ``?type``; any other variable becomes an
edge attribute). A :class:`Part` supplies the constant values (types) a query leaves out.
``$FILTERS`` is replaced by the ``--legislature``/``--theme`` restrictions on the question
variable ``?q``. Queries never follow ``qg:legislatureNumber`` or shared labels row by row:
such triples are repeated in every question's graph, so joining on them per question would
cost (questions)²; the legislature number is read from the legislature IRI instead, and labels
are looked up once per distinct node.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qgraph.rdf import iris
from qgraph.rdf.vocab import PREFIXES

PREFIX_BLOCK = "".join(f"PREFIX {p}: <{base}>\n" for p, base in PREFIXES.items())
LEG_IRI = f"{iris.ID}legislature/"


def leg_number(var: str, out: str) -> str:
    """Bind ``?out`` to the number of legislature ``?var`` (from its IRI)."""
    return f'BIND(xsd:integer(STRAFTER(STR(?{var}), "{LEG_IRI}")) AS ?{out})'


@dataclass(frozen=True)
class Part:
    """One query of a projection and the constants its rows leave out."""

    sparql: str
    defaults: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Projection:
    name: str
    description: str
    parts: tuple[Part, ...]
    directed: bool = True


# Node queries ------------------------------------------------------------------------------
QUESTION_ATTRS = f"""
  ?node qg:uid ?uid ; qg:questionType ?question_type ; qg:number ?number ; qg:legislature ?leg .
  {leg_number("leg", "legislature")}
  OPTIONAL {{ ?node dcterms:title ?t }}
  OPTIONAL {{ ?node qg:status ?st }}
  OPTIONAL {{ ?node qg:published ?pub }}
  OPTIONAL {{ ?node qg:answerDelayDays ?delay }}
  OPTIONAL {{ ?node qg:rubric ?rub }}
"""

QUESTION_SELECT = """SELECT ?node ?uid ?question_type ?legislature
  (CONCAT(?question_type, " ", STR(?number), " · L", STR(?legislature)) AS ?label)
  (MIN(?t) AS ?title) (MIN(LCASE(STRAFTER(STR(?st), "#Status"))) AS ?status)
  (MIN(STR(?pub)) AS ?published) (MIN(?delay) AS ?answer_delay_days)
  (MIN(STRAFTER(STR(?rub), "/rubric/")) AS ?rubric)
  (CONCAT("https://www.assemblee-nationale.fr/dyn/", STR(?legislature), "/questions/", ?uid) AS ?url)"""

QUESTION_GROUP = "GROUP BY ?node ?uid ?question_type ?number ?legislature"

# How each type of node is labelled (``?node`` → ``?l``), and its other attributes (``?v``).
# Each is read by its own query: several OPTIONALs over triples repeated in every question's
# graph (a group's name, a ministry's) would multiply each other.
LABELS: dict[str, tuple[str, dict[str, str]]] = {
    "deputy": ("?node foaf:name ?l", {}),
    "group": ("?node skos:prefLabel ?l", {"abbreviation": "?node qg:abbreviation ?v",
                                          "color": "?node qg:color ?v"}),
    "ministry": ("{ ?node qg:shortName ?l } UNION "
                 "{ ?node rdfs:label ?l FILTER NOT EXISTS { ?node qg:shortName ?s } }",
                 {"long_name": "?node rdfs:label ?v"}),
    "organisation": ("?node skos:prefLabel ?l FILTER(LANG(?l) = '' || LANGMATCHES(LANG(?l), 'fr'))",
                     {"org_type": "?node qg:orgType ?v"}),
    "theme": ("?node skos:prefLabel ?l FILTER(LANG(?l) = '' || LANGMATCHES(LANG(?l), 'fr'))", {}),
    "legislature": (f"{leg_number('node', 'n')} BIND(CONCAT(STR(?n), 'e législature') AS ?l)",
                    {"legislature": leg_number("node", "v")}),
}


def question_nodes(where: str) -> Part:
    """Question nodes ``?node`` found by ``where``, with their facts and their AN page."""
    return Part(f"""{QUESTION_SELECT} WHERE {{
  {{ SELECT DISTINCT ?node WHERE {{ {where} }} }}
  {QUESTION_ATTRS}
}} {QUESTION_GROUP}""", {"node_type": "question"})


def typed_nodes(node_type: str, where: str) -> list[Part]:
    """Nodes ``?node`` of one type found by ``where``: one query for the label, one per other
    attribute, each reading a distinct node once."""
    label, extras = LABELS[node_type]
    nodes = f"{{ SELECT DISTINCT ?node WHERE {{ ?q a qg:Question . {where} }} }}"
    parts = [Part(f"SELECT ?node (MIN(?l) AS ?label) WHERE {{ {nodes} OPTIONAL {{ {label} }} }} "
                  "GROUP BY ?node", {"node_type": node_type})]
    for name, pattern in extras.items():
        parts.append(Part(f"SELECT ?node (MIN(?v) AS ?{name}) WHERE {{ {nodes} {pattern} }} "
                          "GROUP BY ?node", {"node_type": node_type}))
    return parts


def counted_edges(pattern: str, edge_type: str, source_type: str, target_type: str) -> Part:
    """``?source`` → ``?target`` edges weighted by the number of questions ``?q`` linking them,
    one row per legislature."""
    return Part(f"""SELECT ?source ?target ?legislature (COUNT(DISTINCT ?q) AS ?weight) WHERE {{
  {pattern} ?q a qg:Question ; qg:legislature ?leg . $FILTERS
  {leg_number("leg", "legislature")}
}} GROUP BY ?source ?target ?legislature""",
                {"type": edge_type, "source_type": source_type, "target_type": target_type})


OVERVIEW_LINKS = (
    ("qg:author", "author", "deputy"),
    ("qg:authorGroup", "group", "group"),
    ("qg:ministryAsked", "asked", "ministry"),
    ("qg:ministryAssigned", "assigned", "ministry"),
    ("qg:mentions", "mentions", "organisation"),
    ("qg:theme", "theme", "theme"),
)


def overview_edges() -> Part:
    """All question → node links of the overview in one pass over the questions."""
    values = " ".join(f'({pred} "{edge}" "{target}")' for pred, edge, target in OVERVIEW_LINKS)
    return Part(f"""SELECT DISTINCT ?source ?target ?type ?target_type ?legislature WHERE {{
  VALUES (?p ?type ?target_type) {{ {values} }}
  ?q a qg:Question ; qg:legislature ?leg ; ?p ?target . $FILTERS
  {leg_number("leg", "legislature")}
  BIND(?q AS ?source)
}}""", {"source_type": "question"})


def _overview() -> Projection:
    parts = [question_nodes("?q a qg:Question . $FILTERS BIND(?q AS ?node)"), overview_edges()]
    for node_type in ("deputy", "group", "ministry", "organisation", "theme"):
        preds = " | ".join(p for p, _e, t in OVERVIEW_LINKS if t == node_type)
        parts += typed_nodes(node_type, f"?q {preds} ?node . $FILTERS")
    parts.append(counted_edges("?q qg:author ?source ; qg:authorGroup ?target .",
                               "member-of", "deputy", "group"))
    return Projection("overview", "questions, deputies, groups, ministries, organisations and "
                      "themes, with the links between them", tuple(parts))


def _pair(name: str, description: str, pred: str, target_type: str, edge_type: str) -> Projection:
    return Projection(name, description, (
        counted_edges(f"?q qg:author ?source ; {pred} ?target .", edge_type, "deputy", target_type),
        *typed_nodes("deputy", f"?q qg:author ?node ; {pred} ?x . $FILTERS"),
        *typed_nodes(target_type, f"?q qg:author ?x ; {pred} ?node . $FILTERS"),
    ))


def _co_mention() -> Projection:
    return Projection("organisation-co-mention",
                      "organisations linked when one question names both (weight: questions)", (
        counted_edges("?q qg:mentions ?source , ?target . FILTER(STR(?source) < STR(?target))",
                      "co-mention", "organisation", "organisation"),
        *typed_nodes("organisation",
                     "?q qg:mentions ?node , ?x . FILTER(?node != ?x) $FILTERS"),
    ), directed=False)


def _reasked_edges(pred: str, edge_type: str) -> Part:
    return Part(f"""SELECT DISTINCT ?source ?target ?legislature ?to_legislature WHERE {{
  ?q {pred} ?target ; qg:legislature ?leg . $FILTERS
  OPTIONAL {{ ?target qg:legislature ?tleg }}
  {leg_number("leg", "legislature")} {leg_number("tleg", "to_legislature")}
  BIND(?q AS ?source)
}}""", {"type": edge_type, "source_type": "question", "target_type": "question"})


def _reasked() -> Projection:
    return Projection("question-reasked",
                      "questions re-asked in a later legislature (qg:reasked, qg:reaskedBy)", (
        _reasked_edges("qg:reasked", "reasked"),
        _reasked_edges("qg:reaskedBy", "reasked-by"),
        question_nodes("{ ?q qg:reasked|qg:reaskedBy ?node . $FILTERS } UNION "
                       "{ ?q qg:reasked|qg:reaskedBy ?x . $FILTERS BIND(?q AS ?node) }"),
    ))


def _theme_legislature() -> Projection:
    return Projection("theme-legislature",
                      "sovereignty themes linked to the legislatures whose questions carry them "
                      "(weight: questions)", (
        counted_edges("?q qg:theme ?source ; qg:legislature ?target .",
                      "in-legislature", "theme", "legislature"),
        *typed_nodes("theme", "?q qg:theme ?node . $FILTERS"),
        *typed_nodes("legislature", "?q qg:theme ?x ; qg:legislature ?node . $FILTERS"),
    ))


PROJECTIONS: dict[str, Projection] = {p.name: p for p in (
    _overview(),
    _pair("deputy-organisation", "deputies linked to the organisations their questions name "
          "(weight: questions)", "qg:mentions", "organisation", "mentions"),
    _pair("deputy-ministry", "deputies linked to the ministries their questions are asked to "
          "(weight: questions)", "qg:ministryAsked", "ministry", "asks"),
    _co_mention(),
    _reasked(),
    _theme_legislature(),
)}


def filters(legislatures: tuple[int, ...], themes: tuple[str, ...]) -> str:
    """The SPARQL restricting ``?q`` to the chosen legislatures and themes."""
    out = ""
    if legislatures:
        values = " ".join(iris.legislature(n) for n in sorted(set(legislatures)))
        out += f" ?q qg:legislature ?_fleg . VALUES ?_fleg {{ {values} }}"
    if themes:
        values = " ".join(f"<{t}>" if t.startswith(("http://", "https://")) else iris.theme(t)
                          for t in sorted(set(themes)))
        out += f" ?q qg:theme ?_fth . VALUES ?_fth {{ {values} }}"
    return out


def render(part: Part, legislatures: tuple[int, ...] = (), themes: tuple[str, ...] = ()) -> str:
    return PREFIX_BLOCK + part.sparql.replace("$FILTERS", filters(legislatures, themes))
