"""parse_page on anything: a QuestionRecord or a SourceError, never another exception;
looks_like_page as the format detector uses it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qgraph.errors import SourceError
from qgraph.records.model import Origin, QuestionRecord
from qgraph.sources.pages import looks_like_page, parse_page

PAGES = Path(__file__).parent / "data" / "pages"
ORIGIN = Origin(path="16-971QE.htm")

# fragments of real pages, so that generated inputs reach the label reader's branches
FRAGMENTS = [
    "16ème législature", "Question écrite n° 15221", "Texte de la question", "Texte de la réponse",
    "Auteur : M. Philippe Latombe", "Circonscription : Vendée (1^{re} circonscription) - Dem",
    "Ministère interrogé :", "Ministère attributaire : Santé", "Rubrique >", "Question N° : 1",
    "Question publiée au JO le : 31/02/2024 page : x", "Question retirée le : (", "de M. X ( a - b )",
    "Question N° 3 au Premier ministre (retirée)", "Question soumise le 1er mars 2024", "QE",
    "Date de changement d'attribution : 1er mars 2024", "Réponse émise le", "<p>", "</td>", "<sup>",
    "[x](#)", "*a*", "\n", "\n\n", " ", ":", "<html><body>", "<!--", "<br/>", "\\*", "é", "\x00",
]


def _check(data: bytes, uid_hint: str | None = None) -> None:
    try:
        record = parse_page(data, ORIGIN, uid_hint)
    except SourceError:
        return
    assert isinstance(record, QuestionRecord)
    assert record.origin.kind == "page"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes) -> None:
    _check(data)
    assert isinstance(looks_like_page(data), bool)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=40),
       st.none() | st.text(max_size=20))
def test_any_page_like_text(parts: list[str], hint: str | None) -> None:
    data = "".join(parts).encode("utf-8", "surrogatepass")
    _check(data, hint)
    _check(("<html><body><p>" + "</p><p>".join(parts) + "</p></body></html>").encode(
        "utf-8", "surrogatepass"), hint)


def test_sniff_accepts_pages_and_refuses_data_files() -> None:
    for page in PAGES.iterdir():
        assert looks_like_page(page.read_bytes()), page.name
    json_with_page_words = (
        '{"question": {"textesReponse": {"texte": "Texte de la question, question '
        'publiée au JO, ministère interrogé, ministère attributaire"}}}'
    ).encode()
    assert not looks_like_page(json_with_page_words)
    assert not looks_like_page(b'<?xml version="1.0"?><question>Texte de la question '
                               b"Minist\xc3\xa8re interrog\xc3\xa9</question>")
    assert not looks_like_page(b"")
    assert not looks_like_page(b"Question \xc3\xa9crite n\xc2\xb0 1 mentionn\xc3\xa9e en passant")


def test_sniff_survives_a_character_cut_at_64_kib() -> None:
    page = ("x" * 65535 + "é").encode()
    head = "Texte de la question\nMinistère interrogé : Santé\n".encode()
    assert looks_like_page(head + page[len(head):])
