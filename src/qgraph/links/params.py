"""The parameters of re-ask detection, in one place (no numpy: the ingest imports this).

``CACHE_VERSION`` names everything the rows cached in the sidecar depend on; a store whose cache
was made with another version is recomputed from scratch at its next links refresh."""

from __future__ import annotations

from qgraph.links.text import CLEANING

METHOD = "minhash-lsh/char-ngram-cosine"
NUM_PERM = 128       # MinHash values per text
BANDS, ROWS = 37, 3  # LSH bands: what datasketch's MinHashLSH picks for Jaccard 0.3, 128 perms
MIN_WORDS = 15       # shorter cleaned texts are not compared
MAX_BUCKET = 500     # LSH buckets with more questions (boilerplate) give no candidates
MIN_JACCARD = 0.15   # candidates whose signatures agree on fewer values are not scored
REASKED_MIN = 0.80   # same deputy: qg:reasked from this score
REASKED_BY_MIN = 0.90  # other deputies: qg:reaskedBy from this score

CACHE_VERSION = (f"{METHOD} tables=2 cleaning={CLEANING} minhash=crc32-mas-1/{NUM_PERM} lsh={BANDS}x{ROWS} "
                 f"words>={MIN_WORDS} bucket<={MAX_BUCKET} jaccard>={MIN_JACCARD} score>={REASKED_MIN}")
