"""Cross-legislature links: re-asked questions and group successors (graph ``graph/links``).

Names are imported on first use, so that ``links.cache`` (used by every ingest batch) does not
load numpy and the detector."""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {"Link": "reasked", "QuestionText": "reasked", "find_links": "reasked",
          "similarity": "reasked", "LinksReport": "refresh", "refresh_links": "refresh",
          "start_links": "refresh", "LinksWork": "refresh",
          "clean_text": "text"}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"qgraph.links.{_WHERE[name]}"), name)
    raise AttributeError(name)
