"""Cross-legislature links: re-asked questions and group successors (graph ``graph/links``)."""

from qgraph.links.reasked import Link, QuestionText, find_links, similarity
from qgraph.links.refresh import LinksReport, refresh_links
from qgraph.links.text import clean_text

__all__ = ["Link", "LinksReport", "QuestionText", "clean_text", "find_links", "refresh_links",
           "similarity"]
