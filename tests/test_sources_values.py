"""The shared cleaning helpers (values) and the content sniffer (detect)."""

from __future__ import annotations

import doctest
from datetime import date

import pytest

from qgraph.sources import detect, dispatch, values
from qgraph.sources.detect import sniff
from qgraph.sources.values import (
    as_list,
    clean_date,
    clean_int,
    clean_str,
    get,
    html_to_text,
    prefixed,
    scalar,
)

NIL = {"@xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance", "@xsi:nil": "true"}


def test_scalar_and_nil() -> None:
    assert scalar({"#text": "PA1008", "@xsi:type": "IdActeur_type"}) == "PA1008"
    assert scalar(NIL) is None and scalar("x") == "x" and scalar({"a": 1}) == {"a": 1}
    assert get({"a": {"b": NIL}}, "a", "b") is None
    assert get({"a": None}, "a", "b", "c") is None


def test_as_list() -> None:
    assert as_list(None) == [] and as_list(NIL) == []
    assert as_list({"a": 1}) == [{"a": 1}]
    assert as_list([{"a": 1}, None, NIL, "x"]) == [{"a": 1}, "x"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2024-10-22", date(2024, 10, 22)), ("22/10/2024", date(2024, 10, 22)), ("1/3/2024", date(2024, 3, 1)),
     ("2024-10-22+02:00", date(2024, 10, 22)), ("2024-10-22T10:00:00", date(2024, 10, 22)),
     ("2024-02-30", None), ("31/31/2024", None), ("hier", None), ("", None), (None, None), (NIL, None),
     ({"#text": "07/01/2014"}, date(2014, 1, 7))],
)
def test_clean_date(raw: object, expected: date | None) -> None:
    assert clean_date(raw) == expected


def test_clean_int_and_str() -> None:
    assert clean_int("5610") == 5610 and clean_int(" 52 ") == 52 and clean_int(7) == 7
    assert clean_int("2A") is None and clean_int(True) is None and clean_int(None) is None
    assert clean_int("9" * 40) is None
    assert clean_str("  a  ") == "a" and clean_str("") is None and clean_str(12) == "12"
    assert clean_str(["x"]) is None and clean_str("a\ud800b") == "a\ufffdb"


def test_prefixed_ids() -> None:
    assert prefixed("923", "PA") == "PA923" and prefixed("PA923", "PA") == "PA923"
    assert prefixed(None, "PO") is None and prefixed(" 645363 ", "PM") == "PM645363"


def test_html_to_text() -> None:
    assert html_to_text("43,5 M&#8364; &amp; <i>plus</i>") == "43,5 M€ & plus"
    assert html_to_text("</p><p align=\"CENTER\"> TITRE <a name=PG1></a> </p><br><strong>M. X. </strong>Oui.<b") == "TITRE\nM. X. Oui."
    assert html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>") == "a b\nc"
    assert html_to_text("<script>alert(1)</script>texte<!-- DEBTAB -->") == "texte"
    assert html_to_text("ligne 1\n\n  ligne\u00a02  ") == "ligne 1\nligne 2"
    assert html_to_text("<p>   </p>") is None and html_to_text(None) is None
    assert html_to_text("a < b et c > d") == "a < b et c > d"


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [(b"", "empty"), (b" \n", "empty"), (b"PK\x03\x04", "zip"), (b'\xef\xbb\xbf{"a":1}', "json"),
     (b"[{", "json"), (b"[]", "json"), (b"[Accueil](https://x)", "text"),
     (b'<?xml version="1.0"?><question/>', "xml"), (b"<QUESTION TYPE='QE'>", "xml"),
     (b"<!-- c --><questionsEcrites>", "xml"), (b"<!DOCTYPE html><html>", "html"),
     (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "html"),
     (b"<div class='q'>", "html"), ("16ème législature".encode(), "text"),
     ("\ufeff<html>".encode("utf-16"), "html"), (b"\x00\x01\x02\x03", "binary")],
)
def test_sniff(prefix: bytes, kind: str) -> None:
    assert sniff(prefix) == kind


@pytest.mark.parametrize("module", [values, detect, dispatch])
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.failed == 0 and result.attempted > 0
