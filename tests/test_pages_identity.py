"""Where a page's number, type and legislature come from, and the errors when they are absent."""

from __future__ import annotations

import pytest

from qgraph.errors import SourceError
from qgraph.records.model import Origin
from qgraph.sources.pages import parse_page

# a question page that names neither its number nor its legislature
ANONYMOUS = """\
Fermeture de la maternité
Texte de la question
M. Jean Dupont attire l'attention de M. le ministre sur la fermeture de la maternité.
Données clés
Auteur : M. Jean Dupont
Rubrique : Santé
Ministère interrogé : Santé
Question publiée au JO le : 2 avril 2024, page 2501
""".encode()


@pytest.mark.parametrize(
    ("path", "member", "uid"),
    [
        ("16-971QE.htm", None, "QANR5L16QE971"),
        ("saved/pages/16-971QE.htm", None, "QANR5L16QE971"),
        ("q16_16-971QE.html", None, "QANR5L16QE971"),
        ("17-585QG.htm", None, "QANR5L17QG585"),
        ("QANR5L17QE10992.txt", None, "QANR5L17QE10992"),
        ("QANR5L17QOSD12.md", None, "QANR5L17QOSD12"),
        ("pages.zip", "q16/16-971QE.htm", "QANR5L16QE971"),
        ("C:\\pages\\16-971qe.htm", None, "QANR5L16QE971"),
    ],
)
def test_identity_from_the_file_name(path: str, member: str | None, uid: str) -> None:
    r = parse_page(ANONYMOUS, Origin(path=path, member=member))
    assert r.uid == uid
    assert r.origin.kind == "page" and r.origin.path == path and r.origin.member == member


@pytest.mark.parametrize("hint", ["QANR5L16QE971", "16-971QE"])
def test_identity_from_uid_hint(hint: str) -> None:
    r = parse_page(ANONYMOUS, Origin(path="page.txt"), uid_hint=hint)
    assert (r.uid, r.legislature, r.type, r.number) == ("QANR5L16QE971", 16, "QE", 971)


def test_uid_hint_wins_over_file_name_and_page_wins_over_both() -> None:
    r = parse_page(ANONYMOUS, Origin(path="16-1QE.htm"), uid_hint="QANR5L17QE2")
    assert r.uid == "QANR5L17QE2"
    page = b"17e l\xc3\xa9gislature\nT\nQuestion \xc3\xa9crite n\xc2\xb0 5\n" + ANONYMOUS
    assert parse_page(page, Origin(path="16-1QE.htm"), uid_hint="QANR5L16QE2").uid == (
        "QANR5L17QE5")


def test_page_number_completed_by_file_name() -> None:
    page = ANONYMOUS + "Numéro de la question : 1234\nType de question : Question écrite\n".encode()
    assert parse_page(page, Origin(path="16-971QE.htm")).uid == "QANR5L16QE1234"


def test_missing_number_error_message() -> None:
    with pytest.raises(SourceError) as err:
        parse_page(ANONYMOUS, Origin(path="downloads/page.txt"))
    assert str(err.value) == (
        "downloads/page.txt: page gives no question number or legislature; "
        "name the file like 16-971QE.htm or pass --uid"
    )
    assert err.value.file == "downloads/page.txt"


def test_missing_number_error_names_the_zip_member() -> None:
    with pytest.raises(SourceError, match=r"^pages\.zip:a\.txt: page gives no question number"):
        parse_page(ANONYMOUS, Origin(path="pages.zip", member="a.txt"))


def test_bad_uid_hint() -> None:
    with pytest.raises(SourceError) as err:
        parse_page(ANONYMOUS, Origin(path="p.txt"), uid_hint="PA123")
    assert str(err.value) == "p.txt: --uid 'PA123' is not a question uid like QANR5L16QE15221"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello world",
        b'{"question": {"uid": "QANR5L16QE1"}}',
        b"<html><body><p>Bienvenue sur le site de l'Assembl\xc3\xa9e</p></body></html>",
        b"\x00\xff\xfe garbage",
    ],
)
def test_not_a_question_page(data: bytes) -> None:
    with pytest.raises(SourceError) as err:
        parse_page(data, Origin(path="x.htm"))
    assert str(err.value) == "x.htm: not a question page"


def test_links_to_several_questions_give_no_identity() -> None:
    page = (
        "<html><body><p>Texte de la question</p><p>Il demande.</p>"
        "<p>Ministère interrogé : Santé</p>"
        "<a href='/dyn/16/questions/QANR5L16QE1'>a</a>"
        "<a href='/dyn/16/questions/QANR5L16QE2'>b</a></body></html>"
    ).encode()
    with pytest.raises(SourceError, match="page gives no question number"):
        parse_page(page, Origin(path="x.htm"))
    one = page.replace(b"QANR5L16QE2", b"QANR5L16QE1")
    assert parse_page(one, Origin(path="x.htm")).uid == "QANR5L16QE1"
