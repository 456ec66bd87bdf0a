"""Stage 5: the on-disk Oxigraph store with its sidecar (checksums, pages, full-text)."""

from qgraph.store.dump import dump_store
from qgraph.store.graphstore import GraphStore, default_store_path, open_store
from qgraph.store.info import store_info
from qgraph.store.optimize import optimize_store
from qgraph.store.stats import compute_stats
from qgraph.store.validate import validate_store

__all__ = ["GraphStore", "compute_stats", "default_store_path", "dump_store", "open_store",
           "optimize_store", "store_info", "validate_store"]
