"""One accessor for the package data (``ontology/``, ``queries/``).

In a wheel they live in ``qgraph/_data/``; in a source checkout or an editable install they are
the top-level folders of the repository.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def data_dir(name: str) -> Path:
    """The folder ``ontology`` or ``queries``, wherever qgraph is installed from."""
    packaged = resources.files("qgraph") / "_data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"qgraph data folder {name!r} not found (broken installation?)")


def ontology_file(filename: str) -> Path:
    return data_dir("ontology") / filename


def queries_dir() -> Path:
    return data_dir("queries")
