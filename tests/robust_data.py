"""Inputs and checks shared by the robustness tests (test_robust_*, test_crash_*, test_injection):
small open-data questions written by the tests themselves, the CLI run as a subprocess, and
SPARQL counts on a store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from qgraph.store import open_store

QG = "PREFIX qg: <https://w3id.org/qgraph/ontology#>\n"


def question(number: int, text: str = "M. X demande au ministre ce qu'il compte faire.",
             legislature: int = 16) -> dict[str, Any]:
    """A small written question in the open-data JSON shape."""
    info = {"typeJO": "JO_QUESTION", "dateJO": "2023-01-10", "pageJO": "120", "numJO": None}
    ministry = {"organeRef": "PO10", "abrege": "Santé", "developpe": "Ministère de la santé"}
    return {"question": {
        "uid": f"QANR5L{legislature}QE{number}",
        "identifiant": {"numero": str(number), "regime": "5eme Republique", "legislature": str(legislature)},
        "type": "QE",
        "indexationAN": {"rubrique": "santé", "teteAnalyse": None, "analyses": {"analyse": "Accès aux soins"}},
        "auteur": {"identite": {"acteurRef": "PA1", "mandatRef": "PM2"},
                   "groupe": {"organeRef": "PO3", "abrege": "DEM", "developpe": "Démocrate"}},
        "minInt": ministry,
        "minAttribs": {"minAttrib": {"infoJO": info, "denomination": ministry}},
        "textesQuestion": {"texteQuestion": {"infoJO": info, "texte": text}},
        "textesReponse": None, "cloture": None, "signalement": None, "renouvellements": None,
    }}


def uid(number: int, legislature: int = 16) -> str:
    return f"QANR5L{legislature}QE{number}"


def write_question(path: Path, number: int, **kw: Any) -> Path:
    path.write_text(json.dumps(question(number, **kw), ensure_ascii=False), encoding="utf-8")
    return path


def write_zip(path: Path, numbers: range) -> Path:
    """A dump-like zip of questions, one JSON member per question (stored, for speed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for n in numbers:
            z.writestr(f"json/{uid(n)}.json", json.dumps(question(n)))
    return path


def qgraph(*args: str | Path, env: dict[str, str] | None = None, timeout: float = 120,
           preexec: Any = None, **kw: Any) -> subprocess.CompletedProcess[str]:
    """Run the real ``qgraph`` command line in a fresh process."""
    return subprocess.run([sys.executable, "-m", "qgraph.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})},
                          preexec_fn=preexec, **kw)


def popen_qgraph(*args: str | Path, env: dict[str, str] | None = None, **kw: Any) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "qgraph.cli", *map(str, args)], text=True,
                            env={**os.environ, **(env or {})}, **kw)


def select(store_path: Path, sparql: str) -> list[dict[str, str]]:
    """Rows of a SELECT on the store (values as strings), opened read-only."""
    with open_store(store_path, read_only=True) as store:
        sols = store.query(QG + sparql)
        names = [v.value for v in sols.variables]  # type: ignore[union-attr]
        return [{n: row[n].value for n in names if row[n] is not None} for row in sols]  # type: ignore[union-attr]


def question_uids(store_path: Path) -> list[str]:
    return sorted(r["u"] for r in select(store_path, "SELECT DISTINCT ?u WHERE { ?q a qg:Question ; qg:uid ?u }"))


def question_graphs(store_path: Path) -> list[str]:
    rows = select(store_path, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                              "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/qgraph/graph/question/')) }")
    return sorted(r["g"].rsplit("/", 1)[1] for r in rows)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error: ")]
