"""The built wheel carries the package data (ontology, queries, vendored JS) that
qgraph.resources reaches, so an installed qgraph works outside a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import REPO


def test_wheel_contains_ontology_queries_and_vendor(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(REPO)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("qgraph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("qgraph/_data/ontology/qgraph.ttl", "qgraph/_data/ontology/shapes.ttl",
                   "qgraph/_data/ontology/organisations.ttl", "qgraph/_data/ontology/themes.ttl",
                   "qgraph/_data/queries/question-card.rq", "qgraph/py.typed", "qgraph/cli.py"):
        assert needed in names, needed
    queries = {n for n in names if n.startswith("qgraph/_data/queries/") and n.endswith(".rq")}
    assert len(queries) == len(list((REPO / "queries").glob("*.rq")))
