"""Where bytes come from: folders, zips (read in place), stdin, missing paths, pages."""

from __future__ import annotations

import io
import json
import sys
import types
import zipfile
from pathlib import Path
from typing import Any

import pytest

from qgraph.errors import SourceError
from qgraph.records.model import ActeurRecord, MandatRecord, OrganeRecord, Origin, QuestionRecord
from qgraph.sources import iter_bytes, iter_records


def qjson(uid: str) -> bytes:
    leg, rest = uid[6:8], uid[8:]
    qtype = "QOSD" if rest.startswith("QOSD") else rest[:2]
    return json.dumps({"question": {"uid": uid, "identifiant": {"numero": rest[len(qtype):], "legislature": leg},
                                    "type": qtype}}).encode()


def make_zip(path: Path, members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as z:
        for name, data in members:
            z.writestr(name, data)
    return path


def test_folder_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "z").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "QANR5L16QE2.json").write_bytes(qjson("QANR5L16QE2"))
    (tmp_path / "a" / "QANR5L16QE9.json").write_bytes(qjson("QANR5L16QE9"))
    (tmp_path / "a" / "z" / "QANR5L16QE1.json").write_bytes(qjson("QANR5L16QE1"))
    (tmp_path / "a" / ".hidden.json").write_bytes(b"junk")
    (tmp_path / ".git" / "x.json").write_bytes(b"junk")
    items = list(iter_records([tmp_path]))
    assert [i.uid for i in items] == ["QANR5L16QE9", "QANR5L16QE1", "QANR5L16QE2"]
    assert items[1].origin.path == str(tmp_path / "a" / "z" / "QANR5L16QE1.json")


def test_a_single_path_is_not_split_into_characters(tmp_path: Path) -> None:
    path = tmp_path / "q.json"
    path.write_bytes(qjson("QANR5L16QE5"))
    assert [q.uid for q in iter_records(str(path))] == ["QANR5L16QE5"]  # type: ignore[arg-type]


def test_empty_folder_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    a, b = iter_records([tmp_path / "empty", tmp_path / "nope.json"])
    assert str(a) == f"{tmp_path / 'empty'}: folder holds no files"
    assert str(b) == f"{tmp_path / 'nope.json'}: no such file or folder"


def test_zip_members_good_and_bad(tmp_path: Path) -> None:
    before = sorted(p.name for p in tmp_path.iterdir())
    z = make_zip(tmp_path / "Questions_ecrites.json.zip", [
        ("json/QANR5L17QE1.json", qjson("QANR5L17QE1")),
        ("json/QANR5L17QE2.json", b'{"question": {"uid": "QANR5L17QE2", '),  # truncated
        ("json/QANR5L17QE3.json", qjson("QANR5L17QE3")),
        ("../../escape.json", qjson("QANR5L17QOSD4")),
        ("json/", b""),
        ("__MACOSX/._QANR5L17QE1.json", b"\x00\x05\x16\x07"),
    ])
    before.append(z.name)
    items = list(iter_records([z]))
    assert [type(i).__name__ for i in items] == ["QuestionRecord", "QuestionRecord", "SourceError", "QuestionRecord"]
    escape, q1, err, q3 = items
    assert escape.uid == "QANR5L17QOSD4" and escape.origin.member == "../../escape.json"
    assert (q1.origin.path, q1.origin.member) == (str(z), "json/QANR5L17QE1.json")
    assert str(err).startswith(f"{z}:json/QANR5L17QE2.json: invalid JSON (truncated at byte")
    assert q3.uid == "QANR5L17QE3"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before)  # nothing extracted
    assert not (tmp_path.parent / "escape.json").exists()


def test_corrupt_zip_is_one_error(tmp_path: Path) -> None:
    good = make_zip(tmp_path / "good.zip", [(f"q{i}.json", qjson(f"QANR5L17QE{i}")) for i in range(5)])
    bad = tmp_path / "bad.zip"
    bad.write_bytes(good.read_bytes()[:200])
    items = list(iter_records([bad]))
    assert len(items) == 1 and isinstance(items[0], SourceError)
    assert items[0].file == str(bad) and items[0].reason.startswith("corrupt zip archive")


def test_zip_member_with_bad_crc(tmp_path: Path) -> None:
    members = [("a.json", qjson("QANR5L17QE1")), ("b.json", qjson("QANR5L17QE2"))]
    z = make_zip(tmp_path / "crc.zip", members, zipfile.ZIP_STORED)
    data = bytearray(z.read_bytes())
    data[30 + len("a.json") + 20] ^= 0x01  # a byte of a.json's stored data: the CRC no longer matches
    z.write_bytes(bytes(data))
    items = list(iter_records([z]))
    assert len(items) == 2
    assert isinstance(items[0], SourceError) and items[0].file == f"{z}:a.json"
    assert isinstance(items[1], QuestionRecord) and items[1].uid == "QANR5L17QE2"


def test_nested_zip_is_not_read(tmp_path: Path) -> None:
    inner = make_zip(tmp_path / "inner.zip", [("q.json", qjson("QANR5L17QE1"))])
    outer = make_zip(tmp_path / "outer.zip", [("inner.zip", inner.read_bytes())])
    (err,) = iter_records([outer])
    assert str(err) == f"{outer}:inner.zip: nested zip archive (not read)"


@pytest.mark.fixtures
def test_amo50_layout_zip_and_all_questions_zip(an_fixtures: Path, tmp_path: Path) -> None:
    amo = make_zip(tmp_path / "AMO50.json.zip", [
        ("json/acteur/PA1008.json", (an_fixtures / "acteur" / "PA1008.json").read_bytes()),
        ("json/mandat/PM796572.json", (an_fixtures / "mandat" / "PM796572.json").read_bytes()),
        ("json/organe/PO800538.json", (an_fixtures / "organe" / "PO800538.json").read_bytes()),
        ("json/pays/PY1.json", b'{"pays": {"uid": "PY1"}}'),
    ])
    items = list(iter_records([amo]))
    assert isinstance(items[0], ActeurRecord) and items[0].uid == "PA1008"
    assert isinstance(items[-1], OrganeRecord) and items[-1].uid == "PO800538"
    assert any(isinstance(i, MandatRecord) and i.uid == "PM796572" for i in items)
    assert not any(isinstance(i, SourceError) for i in items)
    files = sorted((an_fixtures / "questions").glob("*.json"))
    dump = make_zip(tmp_path / "Questions.json.zip", [(f"json/{p.name}", p.read_bytes()) for p in files])
    questions = list(iter_records([dump]))
    assert [q.uid for q in questions] == [p.stem for p in files]
    assert all(q.origin.member == f"json/{q.uid}.json" for q in questions)


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(qjson("QANR5L16QG7"))))
    (q,) = iter_records(["-"])
    assert isinstance(q, QuestionRecord) and q.uid == "QANR5L16QG7" and q.origin.path == "<stdin>"


def test_zip_on_stdin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    z = make_zip(tmp_path / "s.zip", [("q.json", qjson("QANR5L16QG8"))])
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(z.read_bytes())))
    (q,) = iter_records(["-"])
    assert (q.uid, q.origin.path, q.origin.member) == ("QANR5L16QG8", "<stdin>", "q.json")


def fake_pages(calls: list[Any]) -> types.ModuleType:
    module = types.ModuleType("qgraph.sources.pages")

    def parse_page(data: bytes, origin: Origin, uid_hint: str | None = None) -> QuestionRecord:
        calls.append((data, origin, uid_hint))
        if b"bad" in data:
            raise SourceError(origin.describe(), "not a question page")
        return QuestionRecord(uid="QANR5L16QE15221", legislature=16, type="QE", number=15221, origin=origin)

    module.parse_page = parse_page  # type: ignore[attr-defined]
    return module


def test_text_and_html_go_to_the_page_reader(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[Any] = []
    monkeypatch.setitem(sys.modules, "qgraph.sources.pages", fake_pages(calls))
    (tmp_path / "page.html").write_bytes(b"<!DOCTYPE html><html><body>Question</body></html>")
    (tmp_path / "page.txt").write_bytes("16ème législature\nQuestion écrite n° 15221".encode())
    (tmp_path / "bad.txt").write_bytes("bad page, café".encode("latin-1"))
    items = list(iter_records([tmp_path], uid_hint="QANR5L16QE15221"))
    assert [type(i).__name__ for i in items] == ["SourceError", "QuestionRecord", "QuestionRecord"]
    assert str(items[0]) == f"{tmp_path / 'bad.txt'}: not valid UTF-8"
    assert all(c[2] == "QANR5L16QE15221" and c[1].kind == "page" and len(c[1].checksum) == 64 for c in calls)


def test_without_page_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "qgraph.sources.pages", None)  # import fails
    (err,) = iter_bytes(b"Question ecrite n 1", Origin("q.txt"))
    assert str(err) == "q.txt: not a recognised question or AMO file"


@pytest.mark.fixtures
def test_seed_page_through_iter_records(repo_root: Path) -> None:
    seed = repo_root.parent / "shared" / "seeds" / "000_f6c97197b3168e43.txt"
    if not seed.is_file():
        pytest.skip("seed page absent")
    (page,) = iter_records([seed])
    assert isinstance(page, QuestionRecord), page
    assert (page.uid, page.origin.kind, page.origin.path) == ("QANR5L16QE15221", "page", str(seed))


def test_the_unit_reader_keeps_one_zip_open_and_reads_every_member(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Units come zip after zip: the reader keeps the last zip open only (an open zip holds its
    whole directory in memory), and reading back and forth still gives each member's bytes."""
    from qgraph.sources.units import Unit, UnitReader, iter_units

    paths = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for n in range(3):
                archive.writestr(f"{name}{n}.json", f'{{"{name}": {n}}}')
        paths.append(path)
    units = [u for u in iter_units([str(tmp_path)]) if isinstance(u, Unit)]
    assert [(Path(u.path).name, u.member) for u in units] == [
        ("a.zip", "a0.json"), ("a.zip", "a1.json"), ("a.zip", "a2.json"),
        ("b.zip", "b0.json"), ("b.zip", "b1.json"), ("b.zip", "b2.json")]
    reader = UnitReader()
    opened: list[zipfile.ZipFile] = []
    real = zipfile.ZipFile

    def counting(*args: Any, **kwargs: Any) -> zipfile.ZipFile:
        archive = real(*args, **kwargs)
        opened.append(archive)
        return archive

    monkeypatch.setattr(zipfile, "ZipFile", counting)
    assert [reader.read(u) for u in units] == [f'{{"{u.member[0]}": {u.member[1]}}}'.encode() for u in units]
    assert len(opened) == 2 and opened[0].fp is None and opened[1].fp is not None  # a closed once b opened
    assert reader.read(units[1]) == b'{"a": 1}' and opened[1].fp is None  # back to a: b closed
    reader.close()
    assert all(archive.fp is None for archive in opened)
