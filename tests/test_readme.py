"""The README's tour runs as written, in order, on a fresh store, and says what it claims."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO
from qgraph.cli import main


def tour_lines() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- tested:[^>]*-->\s*```sh\n(.*?)```", text, re.S)
    assert block, "README.md has no tested tour block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip().startswith("qgraph ")]


def test_readme_tour_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "examples").symlink_to(REPO / "examples")
    monkeypatch.chdir(tmp_path)
    outputs: dict[str, str] = {}
    runner = CliRunner(env={"QGRAPH_STORE": str(tmp_path / "store")})
    lines = tour_lines()
    assert len(lines) >= 10
    for line in lines:
        result = runner.invoke(main, shlex.split(line)[1:], catch_exceptions=False)
        assert result.exit_code == 0, f"{line}\n{result.stderr}"
        outputs[line] = result.stdout
    card = next(v for k, v in outputs.items() if "question-card" in k)
    assert "Philippe Latombe" in card and "Fin de mandat" in card
    orgs = next(v for k, v in outputs.items() if "question-organisations" in k)
    assert "https://w3id.org/qgraph/id/org/cnil" in orgs
    search = next(v for k, v in outputs.items() if k.startswith("qgraph search"))
    assert "QANR5L16QE15221" in search
    assert (tmp_path / "example.ttl").stat().st_size > 1000
    assert (tmp_path / "example.html").read_text(encoding="utf-8").lower().startswith("<!doctype html")
