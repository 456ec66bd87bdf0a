"""The HTML explorer rendered in a real headless Chromium, offline: it shows the seed question's
neighbourhood and writes what it rendered into the DOM."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from qgraph.export import ExportOptions, export_graph
from qgraph.store import open_store
from test_export_formats import SEED_UID, build_export_store

pytestmark = pytest.mark.browser

CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser",
                                                         "google-chrome")) if p), None)


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Every request outside file:// goes to a closed local port: the page must need no network.
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
         f"--user-data-dir={profile}", "--window-size=1200,800", "--virtual-time-budget=3000",
         *args], capture_output=True, text=True, timeout=240, check=False)


@pytest.fixture(scope="module")
def explorer(tmp_path_factory: pytest.TempPathFactory, an_fixtures: Path, repo_root: Path) -> tuple[Path, int, int]:
    if CHROMIUM is None:
        pytest.skip("no chromium binary found (apt-get install chromium)")
    root = tmp_path_factory.mktemp("browser")
    store = build_export_store(root / "store", an_fixtures, repo_root / "examples" / f"{SEED_UID}.txt")
    with open_store(store, read_only=True) as s:
        result = export_graph(s, "html", ExportOptions(legislatures=(16,)))
    page = root / "explorer.html"
    page.write_bytes(result.data)
    return page, result.nodes, result.edges


def test_html_is_self_contained(explorer: tuple[Path, int, int]) -> None:
    text = explorer[0].read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "<link" not in text and "@import" not in text and "url(" not in text.split("<script")[0]
    assert "Cytoscape Consortium" in text  # the vendored library, inlined


def test_renders_seed_neighbourhood_offline(explorer: tuple[Path, int, int], tmp_path: Path) -> None:
    page, nodes, edges = explorer
    shot = tmp_path / "explorer.png"
    run = chromium(tmp_path / "profile", f"--screenshot={shot}", "--dump-dom",
                   f"{page.as_uri()}#focus={SEED_UID}")
    assert run.returncode == 0, run.stderr[-2000:]
    html = run.stdout
    status = re.search(r'<footer id="status"[^>]*>', html)
    assert status, html[-3000:]
    assert 'data-rendered="yes"' in status.group(0)
    assert f'data-nodes="{nodes}"' in status.group(0) and f'data-edges="{edges}"' in status.group(0)
    info = html[html.index('<aside id="info"'):html.index("</aside>")]
    assert "QE 15221 · L16" in info
    assert f'href="https://www.assemblee-nationale.fr/dyn/16/questions/{SEED_UID}"' in info
    for neighbour in ("Philippe Latombe", "Premier ministre", "Microsoft Azure",
                      "Démocrate (MoDem et Indépendants)", "Souveraineté numérique"):
        assert neighbour in info, neighbour
    assert "focus: QE 15221 · L16 and 11 neighbours" in html

    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 30_000  # a drawn graph, not a blank page
    keep = Path(__file__).resolve().parents[1] / ".pytest_cache" / "explorer.png"
    keep.parent.mkdir(exist_ok=True)
    shutil.copyfile(shot, keep)
