"""Shared test fixtures. The AN open-data fixtures live in ../shared beside the repository;
tests that need them are skipped, with the reason, when that folder is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
AN_FIXTURES = SHARED / "fixtures" / "an-opendata"
SEED = SHARED / "seeds" / "000_f6c97197b3168e43.txt"


@pytest.fixture(scope="session")
def an_fixtures() -> Path:
    if not AN_FIXTURES.is_dir():
        pytest.skip("../shared/fixtures/an-opendata is absent (it lives beside the repository)")
    return AN_FIXTURES


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO
