"""Hostile and broken inputs: each gives exactly one SourceError with a clear reason, as a
file and as a zip member, and arbitrary bytes never raise."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qgraph.errors import SourceError
from qgraph.records.model import Origin, Record
from qgraph.sources import containers, iter_bytes, iter_records

HOSTILE: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "empty file"),
    "blank": (b"  \n\t ", "empty file"),
    "random": (bytes(range(256)) * 4 + os.urandom(512), "not a recognised question or AMO file (binary content)"),
    "truncated": (b'{"question": {"uid": "QANR5L17QE1", "identifiant": {"num', "invalid JSON (truncated at byte 56)"),
    "latin1": ('{"question": {"uid": "QANR5L17QE1", "texte": "café"}}'.encode("latin-1"),
               "not valid UTF-8 (byte 0xe9 at offset 49)"),
    "deep-json": (b"[" * 200_000 + b"]" * 200_000, "invalid JSON (nested too deeply)"),
    "deep-object": (b'{"a":' * 200_000 + b"1" + b"}" * 200_000, "invalid JSON (nested too deeply)"),
    "garbage-json": (b'{"question": nope}', "invalid JSON (invalid literal, expected 'null' at byte 13)"),
    "not-a-question": (b'{"hello": "world"}', "not a recognised question or AMO record"),
    "xml-truncated": (b"<question><uid>QANR5L17QE1</uid><type>Q", "invalid XML ("),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_gives_one_error(tmp_path: Path, name: str) -> None:
    data, reason = HOSTILE[name]
    path = tmp_path / f"{name}.json"
    path.write_bytes(data)
    items = list(iter_records([path]))
    assert len(items) == 1 and isinstance(items[0], SourceError), items
    assert items[0].file == str(path) and items[0].reason.startswith(reason)
    assert str(items[0]) == f"{path}: {items[0].reason}" and "\n" not in str(items[0])


def test_hostile_zip_members_each_give_one_error(tmp_path: Path) -> None:
    path = tmp_path / "hostile.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(HOSTILE):
            z.writestr(f"m/{name}.json", HOSTILE[name][0])
        z.writestr("m/zz-good.json", b'{"question": {"uid": "QANR5L17QE1"}}')
    items = list(iter_records([path]))
    assert len(items) == len(HOSTILE) + 1
    errors, good = items[:-1], items[-1]
    for name, err in zip(sorted(HOSTILE), errors, strict=True):
        assert isinstance(err, SourceError) and err.file == f"{path}:m/{name}.json"
        assert err.reason.startswith(HOSTILE[name][1])
    assert not isinstance(good, SourceError) and good.uid == "QANR5L17QE1"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    path = tmp_path / "locked.json"
    path.write_bytes(b"{}")
    monkeypatch.setattr(containers, "open", refuse, raising=False)  # as if chmod 000 (tests may run as root)
    (err,) = iter_records([path])
    assert str(err) == f"{path}: cannot read (Permission denied)"


def only_records_or_errors(data: bytes) -> None:
    for item in iter_bytes(data, Origin("fuzz.bin"), uid_hint="QANR5L16QE1"):
        assert isinstance(item, (SourceError, *Record.__args__)), item  # type: ignore[attr-defined]
        if isinstance(item, SourceError):
            assert item.file.startswith("fuzz.bin")


PREFIXES = [b"", b"PK\x03\x04", b'{"question": ', b'{"acteur": {"uid": "PA1", "mandats": ', b"<question>",
            b"<QUESTION TYPE=\"QE\">", b"<questionsEcrites><question>", b"\xef\xbb\xbf", b"\xff\xfe",
            b"<!DOCTYPE html><html>", b"[{"]


@settings(max_examples=int(os.environ.get("QGRAPH_FUZZ_EXAMPLES", "300")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PREFIXES), st.binary(max_size=2048))
def test_arbitrary_bytes_only_yield_records_or_errors(prefix: bytes, data: bytes) -> None:
    only_records_or_errors(prefix + data)


@settings(max_examples=150, deadline=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["uid", "identifiant", "numero", "legislature", "type", "minAttribs", "minAttrib",
                         "indexationAN", "analyses", "analyse", "#text", "@xsi:nil", "infoJO", "dateJO",
                         "texte", "textesReponse", "texteReponse", "cloture", "mandats", "mandat"]),
        children, max_size=5),
    max_leaves=25,
), st.sampled_from(["question", "acteur", "mandat", "organe"]))
def test_arbitrary_json_shapes_only_yield_records_or_errors(body: object, root: str) -> None:
    import json

    only_records_or_errors(json.dumps({root: body}).encode())
