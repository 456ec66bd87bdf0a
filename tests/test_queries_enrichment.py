"""The four enrichment queries on the seed page, ingested with the default enrichment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SEED
from qgraph.pipeline import IngestOptions, ingest
from qgraph.query import load_query, run_query
from qgraph.store import open_store

UID = "QANR5L16QE15221"
ORG = "https://w3id.org/qgraph/id/org/"
THEME = "https://w3id.org/qgraph/theme/"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SEED.exists():
        pytest.skip("the seed page (../shared/seeds) is absent")
    folder = tmp_path_factory.mktemp("seed")
    shutil.copy(SEED, folder / f"{UID}.txt")
    with open_store(folder / "store") as store:
        report = ingest(store, [folder / f"{UID}.txt"], IngestOptions(enrich=True))
    assert report.failed == 0
    return folder / "store"


def rows(store_path: Path, name: str, **params: str) -> list[dict[str, str | None]]:
    with open_store(store_path, read_only=True) as store:
        return list(run_query(store, load_query(name), params).values())


def test_question_organisations_of_the_seed(seed_store: Path) -> None:
    found = {r["org"]: r for r in rows(seed_store, "question-organisations", uid=UID)}
    assert set(found) == {ORG + k for k in ("microsoft-azure", "amazon-web-services", "ema",
                                            "health-data-hub", "delegation-numerique-sante", "cnil")}
    hdh = found[ORG + "health-data-hub"]
    assert int(hdh["mentions"] or 0) >= 5  # HDH ×4, PDS ×2 …, all resolved to one organisation
    assert found[ORG + "microsoft-azure"]["wikidata"] == "Q725967"
    assert found[ORG + "microsoft-azure"]["method"] == "gazetteer"
    assert found[ORG + "ema"]["label"] == "Agence européenne des médicaments"


def test_question_themes_of_the_seed(seed_store: Path) -> None:
    themes = {r["theme"]: float(r["score"] or 0) for r in rows(seed_store, "question-themes", uid=UID)}
    assert themes[THEME + "digital-sovereignty"] >= 0.5
    assert themes[THEME + "health-data"] >= 0.5
    assert list(themes.values()) == sorted(themes.values(), reverse=True)


def test_sovereignty_questions_filters(seed_store: Path) -> None:
    in_16 = rows(seed_store, "sovereignty-questions", legislature="16")
    assert {r["uid"] for r in in_16} == {UID}
    assert {r["theme"] for r in in_16} >= {THEME + "health-data", THEME + "digital-sovereignty"}
    assert rows(seed_store, "sovereignty-questions", legislature="17") == []
    health = rows(seed_store, "sovereignty-questions", theme=THEME + "health-data")
    assert [(r["uid"], r["theme"]) for r in health] == [(UID, THEME + "health-data")]


def test_organisation_questions_by_label_acronym_and_parent(seed_store: Path) -> None:
    by_parent = rows(seed_store, "organisation-questions", label="microsoft")
    assert [(r["uid"], r["named"], r["author"]) for r in by_parent] == [
        (UID, ORG + "microsoft-azure", "Philippe Latombe")]
    assert [r["uid"] for r in rows(seed_store, "organisation-questions", label="HDH")] == [UID]
    assert [r["uid"] for r in rows(seed_store, "organisation-questions", org=ORG + "cnil")] == [UID]
    assert rows(seed_store, "organisation-questions", label="Thales") == []
