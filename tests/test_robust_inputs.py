"""Hostile inputs through the whole CLI path: ``qgraph ingest good1.json BAD good2.json``.

Each bad input gives one line ``Error: {file}[:{member}]: [{record}: ]{reason}`` on stderr, exit
status 1, nothing of it in the store, and the good files of the same batch go in (their cards
answer). Every input is built here, in tmp_path."""

from __future__ import annotations

import json
import random
import re
import resource
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner, Result

from qgraph.cli import main
from robust_data import (
    error_lines,
    qgraph,
    question,
    question_graphs,
    question_uids,
    select,
    uid,
    write_question,
)

GOOD = [uid(1), uid(2)]
SECRET = "TOPSECRET-4f1c-XXE"


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def ingest_batch(tmp_path: Path, *bad: Path, store: Path | None = None) -> tuple[Result, Path]:
    """``qgraph ingest good1.json *bad good2.json`` into a new store."""
    good1 = write_question(tmp_path / "good1.json", 1)
    good2 = write_question(tmp_path / "good2.json", 2)
    store = store or tmp_path / "store"
    return cli("ingest", "-q", "--no-enrich", good1, *bad, good2, "--store", store), store


def card(store: Path, question_uid: str) -> dict[str, str]:
    res = cli("query", "question-card", "--param", f"uid={question_uid}", "--format", "json",
              "--store", store)
    assert res.exit_code == 0, res.stderr
    rows = json.loads(res.stdout)["results"]["bindings"]
    assert len(rows) == 1
    return {k: v["value"] for k, v in rows[0].items()}


def assert_batch(res: Result, store: Path, expected: list[str], uids: list[str] = GOOD) -> None:
    """The error lines are exactly ``expected`` (regexes), exit 1, only ``uids`` stored."""
    assert res.exit_code == 1, res.stderr
    assert "Traceback" not in res.stderr
    lines = error_lines(res.stderr)
    assert len(lines) == len(expected), res.stderr
    for line, pattern in zip(lines, expected, strict=True):
        assert re.fullmatch(pattern, line), (line, pattern)
    assert question_uids(store) == sorted(uids)
    assert question_graphs(store) == sorted(uids)
    for n, u in enumerate(GOOD, start=1):
        assert card(store, u)["number"] == str(n)


def err(path: Path, reason: str, member: str | None = None, record: str | None = None) -> str:
    """The regex of one error line; ``reason`` is a regex, the rest is literal."""
    where = re.escape(f"{path}:{member}" if member else str(path))
    return f"Error: {where}: " + (re.escape(record) + ": " if record else "") + reason


# --- one bad file in a batch ---------------------------------------------------------------

def _truncated(d: Path) -> tuple[Path, str]:
    p = d / "truncated.json"
    p.write_text(json.dumps(question(3))[:300])
    return p, err(p, r"invalid JSON \(truncated at byte \d+\)")


def _not_a_question(d: Path) -> tuple[Path, str]:
    p = d / "other.json"
    p.write_text(json.dumps({"hello": [1, 2], "questions": None}))
    return p, err(p, re.escape("not a recognised question or AMO record"))


def _missing_identifiers(d: Path) -> tuple[Path, str]:
    doc = question(4)
    for key in ("uid", "identifiant", "type"):
        del doc["question"][key]
    p = d / "noid.json"
    p.write_text(json.dumps(doc))
    return p, err(p, re.escape("missing required field uid"))


def _missing_number(d: Path) -> tuple[Path, str]:
    doc = question(4)
    doc["question"].update(uid="Q4", identifiant={"legislature": "16"})
    p = d / "nonumber.json"
    p.write_text(json.dumps(doc))
    return p, err(p, re.escape("missing required field identifiant.numero"), record="Q4")


def _empty(d: Path) -> tuple[Path, str]:
    p = d / "empty.json"
    p.write_bytes(b"")
    return p, err(p, "empty file")


def _random_bytes(d: Path) -> tuple[Path, str]:
    p = d / "random.json"
    p.write_bytes(b"\x00\x01" + random.Random(9).randbytes(20_000))
    return p, err(p, re.escape("not a recognised question or AMO file (binary content)"))


def _latin1(d: Path) -> tuple[Path, str]:
    p = d / "latin1.json"
    text = "Sur la souveraineté numérique et l'hébergement des données de santé."
    p.write_bytes(json.dumps(question(5, text), ensure_ascii=False).encode("latin-1"))
    return p, err(p, r"not valid UTF-8 \(byte 0x[0-9a-f]{2} at offset \d+\)")


def _deep_json(d: Path) -> tuple[Path, str]:
    p = d / "deep.json"
    p.write_bytes(b"[" * 200_000 + b"]" * 200_000)
    return p, err(p, re.escape("invalid JSON (nested too deeply)"))


def _deep_question(d: Path) -> tuple[Path, str]:
    p = d / "deepq.json"
    p.write_bytes(b'{"question": {"uid": "QANR5L16QE6", "texte": ' + b"{\"a\":" * 200_000
                  + b"1" + b"}" * 200_000 + b"}}")
    return p, err(p, re.escape("invalid JSON (nested too deeply)"))


def _deep_xml(d: Path) -> tuple[Path, str]:
    p = d / "deep.xml"
    p.write_bytes(b"<question>" + b"<a>" * 200_000 + b"</a>" * 200_000 + b"</question>")
    return p, err(p, r"invalid XML \(.*\)")


def _illegal_uid(d: Path) -> tuple[Path, str]:
    doc = question(9)
    doc["question"]["uid"] = 'QANR5L16QE9 <a> "b" {c}'
    p = d / "iri.json"
    p.write_text(json.dumps(doc))
    return p, err(p, re.escape("invalid uid 'QANR5L16QE9 <a> \"b\" {c}' (only letters, digits, '.', '_', '-')"))


def _corrupt_zip(d: Path) -> tuple[Path, str]:
    whole = d / "whole.zip"
    with zipfile.ZipFile(whole, "w") as z:
        z.writestr("a.json", json.dumps(question(10)))
    p = d / "corrupt.zip"
    p.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])  # no central directory
    whole.unlink()
    return p, err(p, re.escape("corrupt zip archive (File is not a zip file)"))


CASES: dict[str, Callable[[Path], tuple[Path, str]]] = {
    "truncated JSON": _truncated,
    "JSON that is not a question": _not_a_question,
    "question without identifiers": _missing_identifiers,
    "question without a number": _missing_number,
    "empty file": _empty,
    "random bytes": _random_bytes,
    "Latin-1 JSON": _latin1,
    "JSON 200,000 levels deep": _deep_json,
    "question 200,000 levels deep": _deep_question,
    "XML 200,000 levels deep": _deep_xml,
    "uid with characters illegal in IRIs": _illegal_uid,
    "corrupt zip": _corrupt_zip,
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_file_fails_alone(tmp_path: Path, case: str) -> None:
    bad, expected = CASES[case](tmp_path)
    res, store = ingest_batch(tmp_path, bad)
    assert_batch(res, store, [expected])
    assert "1 failed" in res.stderr.splitlines()[-1]


def test_bad_zip_member_fails_alone(tmp_path: Path) -> None:
    """A member whose CRC does not match is one error naming the member; the other goes in."""
    path = tmp_path / "crc.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("a.json", json.dumps(question(11)))
        z.writestr("b.json", json.dumps(question(12)))
    data = bytearray(path.read_bytes())
    at = data.index(b'"QANR5L16QE11"')
    data[at + 5] ^= 0x01
    path.write_bytes(bytes(data))
    res, store = ingest_batch(tmp_path, path)
    assert_batch(res, store, [err(path, re.escape("corrupt zip member (Bad CRC-32 for file 'a.json')"),
                                  member="a.json")], uids=[*GOOD, uid(12)])


def test_many_bad_files_in_one_batch(tmp_path: Path) -> None:
    """All the cases at once: one line each, in order, and still only the good files stored."""
    built = [CASES[case](tmp_path) for case in CASES]
    res, store = ingest_batch(tmp_path, *(p for p, _ in built))
    assert_batch(res, store, [e for _, e in built])
    assert f"{len(CASES)} failed" in res.stderr.splitlines()[-1]


# --- XML: external entities and entity bombs ------------------------------------------------

def _xml_question(number: int, text: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n'
            '<question xmlns="http://schemas.assemblee-nationale.fr/referentiel">'
            f"<uid>{uid(number)}</uid><identifiant><numero>{number}</numero><legislature>16"
            "</legislature></identifiant><type>QE</type><textesQuestion><texteQuestion>"
            f"<texte>{text}</texte></texteQuestion></textesQuestion></question>")


def test_xxe_never_reaches_the_store(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY s SYSTEM "file://{secret}">')
    docs = {
        "entity.xml": (_xml_question(20, "&s;", f'<!DOCTYPE question [<!ENTITY s SYSTEM "file://{secret}">]>'),
                       "XML entity declarations are not allowed"),
        "parameter.xml": (_xml_question(21, "&s;", f'<!DOCTYPE question [<!ENTITY % p SYSTEM "file://{dtd}"> %p;]>'),
                          "XML entity declarations are not allowed"),
        "external-dtd.xml": (_xml_question(22, "&s;", f'<!DOCTYPE question SYSTEM "file://{dtd}">'),
                             "XML external DTDs are not allowed"),
    }
    paths, expected = [], []
    for name, (text, reason) in docs.items():
        (tmp_path / name).write_text(text)
        paths.append(tmp_path / name)
        expected.append(err(tmp_path / name, re.escape(reason)))
    zipped = tmp_path / "xxe.zip"
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("q/entity.xml", docs["entity.xml"][0])
    paths.append(zipped)
    expected.append(err(zipped, re.escape("XML entity declarations are not allowed"), member="q/entity.xml"))
    xinclude = tmp_path / "xinclude.xml"  # XInclude is never processed: the element is markup
    xinclude.write_text(_xml_question(23, f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                          f'href="file://{secret}" parse="text"/>'))
    paths.append(xinclude)

    res, store = ingest_batch(tmp_path, *paths)
    assert_batch(res, store, expected, uids=[*GOOD, uid(23)])
    dumped = cli("dump", "--format", "nquads", "--store", store)
    assert dumped.exit_code == 0 and uid(23) in dumped.stdout
    assert SECRET not in dumped.stdout
    for file in store.rglob("*"):  # not in the sidecar nor in any RocksDB file either
        assert not file.is_file() or SECRET.encode() not in file.read_bytes(), file


def _bombs(d: Path) -> list[Path]:
    laughs = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    bomb = d / "billion-laughs.xml"
    bomb.write_text(_xml_question(30, "&lol9;", f"<!DOCTYPE question [{''.join(laughs)}]>"))
    quadratic = d / "quadratic.xml"
    quadratic.write_text(_xml_question(31, "&a;" * 100_000, f'<!DOCTYPE question [<!ENTITY a "{"x" * 50_000}">]>'))
    collection = d / "xiv.xml"  # the entities declared on a collection root (XIV big file layout)
    collection.write_text(f'<?xml version="1.0"?><!DOCTYPE questionsEcrites [{"".join(laughs)}]>'
                          f"<questionsEcrites>{_xml_question(32, '&lol9;').split('?>', 1)[1]}</questionsEcrites>")
    return [bomb, quadratic, collection]


MEMORY_LIMIT = 1536 << 20


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_entity_bombs_fail_fast_in_bounded_memory(tmp_path: Path) -> None:
    """A real process with 1.5 GB of address space: a billion laughs would need ~3 GB."""
    bombs = _bombs(tmp_path)
    good1 = write_question(tmp_path / "good1.json", 1)
    good2 = write_question(tmp_path / "good2.json", 2)
    store = tmp_path / "store"
    start = time.monotonic()
    proc = qgraph("ingest", "-q", "--no-enrich", good1, *bombs, good2, "--store", store,
                  preexec=_limit_memory, timeout=90)
    elapsed = time.monotonic() - start
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr
    assert error_lines(proc.stderr) == [f"Error: {b}: XML entity declarations are not allowed" for b in bombs]
    assert elapsed < 45  # a process start and a tiny ingest; an expansion would not end at all
    assert question_uids(store) == GOOD
    assert "lollol" not in cli("dump", "--store", store).stdout


# --- zip members named ../ ---------------------------------------------------------------

def _tree(root: Path, skip: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if skip not in p.parents and p != skip}


def test_zip_with_parent_member_names_extracts_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Member names are labels, never paths: nothing is written anywhere, the members are read
    as streams, a good question inside is stored under its label, a bad one named in the error."""
    work = tmp_path / "a" / "b" / "inbox"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    slip = work / "slip.zip"
    members = {"../evil.json": json.dumps(question(40)), "../../outside/evil.json": '{"hello": 1}',
               "/etc/evil.json": '{"hello": 2}', "..\\..\\win.json": '{"hello": 3}',
               "a/../../../../deep.json": '{"hello": 4}'}
    with zipfile.ZipFile(slip, "w") as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name), data)  # ZipInfo keeps the name exactly as given
    store = tmp_path / "store"
    before = _tree(tmp_path, store)
    res, _ = ingest_batch(work, slip, store=store)
    before |= {"a/b/inbox/good1.json", "a/b/inbox/good2.json"}
    assert _tree(tmp_path, store) == before
    bad = sorted(m for m in members if m != "../evil.json")
    reason = re.escape("not a recognised question or AMO record")
    assert_batch(res, store, [err(slip, reason, member=m) for m in bad], uids=[*GOOD, uid(40)])
    rows = select(store, f"""SELECT ?src WHERE {{ GRAPH <https://w3id.org/qgraph/graph/question/{uid(40)}>
                                {{ ?g <http://purl.org/dc/terms/source> ?src }} }}""")
    assert rows == [{"src": f"{slip}:../evil.json"}]


# --- characters illegal in IRIs, huge texts ---------------------------------------------------

_IRI_ILLEGAL = re.compile(r'[\x00-\x20<>"{}|^`\\]')


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own N-Quads parser
def test_illegal_iri_characters_in_names_and_references(tmp_path: Path) -> None:
    """References with ``<>"{} `` are kept with percent-encoded IRIs; names stay literal text;
    the dump parses with rdflib and pyoxigraph; validate flags only the pattern of the ids."""
    doc = question(50)
    q = doc["question"]
    q["auteur"] = {"identite": {"acteurRef": 'PA<1> {"x"}', "mandatRef": "PM 2>"},
                   "groupe": {"organeRef": "PO{3}|^`", "abrege": '<x> "y" {z}', "developpe": "G\\roupe\n2"}}
    q["minInt"] = {"organeRef": 'PO10"><urn:x>', "abrege": 'Santé <"{}">', "developpe": "M"}
    q["indexationAN"] = {"rubrique": "a{b}|c^d `e`", "teteAnalyse": None, "analyses": {"analyse": '"quoted" \\ x'}}
    path = tmp_path / "names.json"
    path.write_text(json.dumps(doc))
    store = tmp_path / "store"
    res = cli("ingest", "-q", "--no-enrich", path, "--store", store)
    assert res.exit_code == 0, res.stderr

    c = card(store, uid(50))
    assert (c["group_abbrev"], c["ministry_asked"], c["analyse"]) == ('<x> "y" {z}', 'Santé <"{}">', '"quoted" \\ x')
    assert c["author_id"] == 'PA<1> {"x"}'
    assert c["deputy"] == "https://w3id.org/qgraph/id/person/PA%3C1%3E%20%7B%22x%22%7D"

    dumped = cli("dump", "--format", "nquads", "--store", store).stdout_bytes
    quads = list(ox.parse(dumped, format=ox.RdfFormat.N_QUADS))
    iris = {t.value for quad in quads for t in quad if isinstance(t, ox.NamedNode)}
    assert iris and not [i for i in iris if _IRI_ILLEGAL.search(i)]
    dataset = rdflib.Dataset()
    dataset.parse(data=dumped, format="nquads")
    assert len(dataset) == len(quads)

    checked = cli("validate", "--store", store)
    kinds = set(re.findall(r"Constraint Violation in (\w+)", checked.stdout))
    assert checked.exit_code == 1 and kinds == {"PatternConstraintComponent"}
    assert set(re.findall(r"Result Path: (\S+)", checked.stdout)) == {"qg:anId"}


def test_ten_megabyte_question_text(tmp_path: Path) -> None:
    sentence = "Député « souveraineté » numérique — l'hébergement des données \"santé\" {x} a\\b. "
    text = (sentence * (10_000_000 // len(sentence) + 1))[:10_000_000].strip()
    path = write_question(tmp_path / "big.json", 60, text=text)
    assert path.stat().st_size > 10_000_000
    res, store = ingest_batch(tmp_path, path)
    assert res.exit_code == 0, res.stderr
    stored = select(store, f'SELECT ?t WHERE {{ ?q qg:uid "{uid(60)}" ; qg:questionText ?t }}')
    assert len(stored) == 1 and stored[0]["t"] == text
    assert question_uids(store) == sorted([*GOOD, uid(60)])
