#!/usr/bin/env bash
# Install qgraph into .venv and run the main job on the bundled example data:
# ingest examples/ into an embedded on-disk Oxigraph store and print what the graph says.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q -e .

export QGRAPH_STORE=example-store
qgraph ingest examples/
echo "== question card" >&2
qgraph query question-card --param uid=QANR5L16QE15221
echo "== organisations named in it" >&2
qgraph query question-organisations --param uid=QANR5L16QE15221
echo "== sovereignty themes" >&2
qgraph query question-themes --param uid=QANR5L16QE15221
echo "== store" >&2
qgraph stats
