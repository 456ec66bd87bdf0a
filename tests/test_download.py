"""`qgraph download` from a real HTTP server on 127.0.0.1 (with Range support, as the AN server
has) serving a zip the test builds from the real fixture questions."""

from __future__ import annotations

import re
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from qgraph.cli import main
from qgraph.store import compute_stats, open_store
from serve_helpers import free_port

pytestmark = pytest.mark.server
REL = "16/questions/questions_gouvernement/Questions_gouvernement.json.zip"
UIDS = ["QANR5L16QG1", "QANR5L16QG100", "QANR5L16QG101", "QANR5L16QG414", "QANR5L16QG494"]


class RangeHandler(SimpleHTTPRequestHandler):
    """Static files with ``Range: bytes=N-`` (206) support; records the Range headers seen."""

    ranges: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        wanted = self.headers.get("Range")
        path = Path(self.translate_path(self.path))
        if not wanted or not path.is_file():
            return super().send_head()
        RangeHandler.ranges.append(wanted)
        start = int(re.match(r"bytes=(\d+)-", wanted).group(1))  # type: ignore[union-attr]
        size = path.stat().st_size
        if start >= size:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        fh = path.open("rb")
        fh.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        self.send_header("Content-Length", str(size - start))
        self.end_headers()
        return fh


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, an_fixtures: Path):
    root = tmp_path_factory.mktemp("site")
    target = root / REL
    target.parent.mkdir(parents=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as zf:  # stored: big enough to resume
        for uid in UIDS:
            zf.write(an_fixtures / "questions" / f"{uid}.json", f"json/{uid}.json")
    port = free_port()
    handler = lambda *a, **k: RangeHandler(*a, directory=str(root), **k)  # noqa: E731
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}/", target
    server.shutdown()
    server.server_close()


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["download", "-q", *args], env=env)


def test_download_resume_and_ingest(site: tuple[str, Path], tmp_path: Path) -> None:
    base, original = site
    cache = tmp_path / "cache"
    result = run("--legislature", "16", "--kind", "qg", "--base-url", base, "--cache", str(cache))
    expected = cache / "16" / "Questions_gouvernement.json.zip"
    assert (result.exit_code, result.stdout) == (0, f"{expected}\n")
    assert expected.read_bytes() == original.read_bytes()
    assert not expected.with_name(expected.name + ".part").exists()

    # An interrupted download: the .part holds the first third; the next run asks for the rest.
    cache2 = tmp_path / "cache2"
    part = cache2 / "16" / "Questions_gouvernement.json.zip.part"
    part.parent.mkdir(parents=True)
    data = original.read_bytes()
    part.write_bytes(data[: len(data) // 3])
    RangeHandler.ranges.clear()
    result = run("-l", "16", "-k", "qg", env={"QGRAPH_BASE_URL": base, "QGRAPH_DOWNLOADS": str(cache2)})
    assert result.exit_code == 0, result.output
    assert RangeHandler.ranges == [f"bytes={len(data) // 3}-"]
    assert (cache2 / "16" / "Questions_gouvernement.json.zip").read_bytes() == data
    assert not part.exists()

    # A complete file is reused, not fetched again.
    RangeHandler.ranges.clear()
    assert run("-l", "16", "-k", "qg", "--base-url", base, "--cache", str(cache2)).exit_code == 0

    # What download prints, ingest takes.
    ingest = CliRunner().invoke(main, ["ingest", "--no-enrich", "-q", "--store", str(tmp_path / "s"),
                                       result.stdout.strip()])
    assert ingest.exit_code == 0, ingest.output
    with open_store(tmp_path / "s", read_only=True) as st:
        stats = compute_stats(st)
    assert stats["questions"] == len(UIDS) and stats["by_type"] == {"QG": len(UIDS)}


def test_download_errors_are_one_line(site: tuple[str, Path], tmp_path: Path) -> None:
    base, _ = site
    result = run("-l", "16", "-k", "qosd", "--base-url", base, "--cache", str(tmp_path))
    url = f"{base}16/questions/questions_orales_sans_debat/Questions_orales_sans_debat.json.zip"
    assert (result.exit_code, result.output) == (1, f"Error: cannot download {url}: HTTP 404 File not found\n")
    port = free_port()
    result = run("-l", "17", "-k", "amo", "--base-url", f"http://127.0.0.1:{port}", "--cache", str(tmp_path))
    url = (f"http://127.0.0.1:{port}/17/amo/acteurs_mandats_organes_divises/"
           "AMO50_acteurs_mandats_organes_divises.json.zip")
    assert (result.exit_code, result.output) == (
        1, f"Error: cannot download {url}: host unreachable (Connection refused)\n")
    result = run("-l", "16", "-k", "nope")
    assert result.exit_code == 2
    assert not any(tmp_path.rglob("*.part"))
