"""LSH buckets (``links.reasked.Buckets``) against their definition written out pair by pair:
the candidates of new or changed items, and which pairs still share a small bucket."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import numpy as np
import pytest

from qgraph.links import reasked
from qgraph.links.reasked import Buckets

LIMIT = 4  # MAX_BUCKET for these tests: small enough for buckets to grow past it


def expected_pairs(keys: np.ndarray, fresh: list[bool], departed: list[Counter[int]]) -> set[tuple[int, int]]:
    """Pairs sharing a bucket of 2…LIMIT items in some band, one of them fresh, or any pair of a
    bucket that held more than LIMIT items before the fresh items' old keys left it."""
    out = set()
    for band in range(keys.shape[1]):
        buckets: dict[int, list[int]] = {}
        for i, key in enumerate(keys[:, band].tolist()):
            buckets.setdefault(key, []).append(i)
        for key, members in buckets.items():
            if not 2 <= len(members) <= LIMIT:
                continue
            n_fresh = sum(fresh[i] for i in members)
            was_big = len(members) - n_fresh + departed[band][key] > LIMIT
            out |= {(i, j) for i, j in itertools.combinations(sorted(members), 2) if was_big or fresh[i] or fresh[j]}
    return out


def expected_shared_small(keys: np.ndarray, i: int, j: int) -> bool:
    return any(keys[i, b] == keys[j, b] and int((keys[:, b] == keys[i, b]).sum()) <= LIMIT
               for b in range(keys.shape[1]))


@pytest.mark.parametrize("seed", range(12))
def test_buckets_follow_their_definition(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reasked, "MAX_BUCKET", LIMIT)
    rng = random.Random(seed)
    n, bands = rng.choice([0, 1, 2, 40, 90]), 5
    # few distinct keys per band: buckets of every size, singletons to past the limit
    keys = np.array([[rng.choice([2**63 + k, k]) for k in rng.choices(range(n // 8 + 1), k=bands)]
                     for _ in range(n)], dtype=np.uint64).reshape(n, bands)
    fresh = [rng.random() < 0.3 for _ in range(n)]
    departed = [Counter({int(k): rng.randint(1, 3) for k in rng.sample(keys[:, b].tolist(), min(n, 3))})
                for b in range(bands)]
    buckets = Buckets(keys)
    got = buckets.pairs(np.array(fresh, dtype=bool), departed)
    assert {(int(i), int(j)) for i, j in got} == expected_pairs(keys, fresh, departed)
    assert got.tolist() == sorted(got.tolist())
    everything = buckets.pairs(np.ones(n, dtype=bool))
    assert {(int(i), int(j)) for i, j in everything} == expected_pairs(keys, [True] * n, [Counter()] * bands)
    all_pairs = np.array(list(itertools.combinations(range(n), 2)), dtype=np.int64).reshape(-1, 2)
    assert buckets.shared_small(all_pairs).tolist() == [expected_shared_small(keys, i, j) for i, j in all_pairs]
