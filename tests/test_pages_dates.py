"""sources/pages/dates.py: French dates in words and DD/MM/YYYY."""

from __future__ import annotations

from datetime import date

import pytest

from qgraph.sources.pages.dates import find_date, find_dates, fold, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13 février 2024", date(2024, 2, 13)),
        ("13 fevrier 2024", date(2024, 2, 13)),
        ("13 FÉVRIER 2024", date(2024, 2, 13)),
        ("1er mars 2024", date(2024, 3, 1)),
        ("1ᵉʳ mars 2024", date(2024, 3, 1)),
        ("1 mars 2024", date(2024, 3, 1)),
        ("15 août 2023", date(2023, 8, 15)),
        ("15 aout 2023", date(2023, 8, 15)),
        ("31 décembre 2013", date(2013, 12, 31)),
        ("31 decembre 2013", date(2013, 12, 31)),
        ("3 févr. 2024", date(2024, 2, 3)),
        ("12 sept. 2022", date(2022, 9, 12)),
        ("7 juillet 2022", date(2022, 7, 7)),
        ("07/01/2014", date(2014, 1, 7)),
        ("7/1/2014", date(2014, 1, 7)),
        ("07.01.2014", date(2014, 1, 7)),
        ("2024-02-13", date(2024, 2, 13)),
        ("le 11 juin 2024", date(2024, 6, 11)),
        ("  11 juin 2024, ", date(2024, 6, 11)),
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "", "hier", "31/02/2024", "30 février 2024", "32 janvier 2024", "13/13/2024",
        "13 brumaire 2024", "février 2024", "13 février", "2024", "13 février 2024 page 867",
        "0 mars 2024", "2024-13-01",
    ],
)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


def test_find_date_in_a_label_value() -> None:
    assert find_date("13 février 2024, page 867") == date(2024, 2, 13)
    assert find_date("07/01/2014 page : 18") == date(2014, 1, 7)
    assert find_date("11 juin 2024 (Fin de mandat)") == date(2024, 6, 11)
    assert find_date("page 867") is None
    assert find_date("31/02/2024 puis 1er mars 2024") == date(2024, 3, 1)


def test_find_dates_keeps_order_and_skips_bad_ones() -> None:
    text = "renouvelée le 22 juillet 2014, le 15/04/2014 et le 31/02/2014"
    assert find_dates(text) == (date(2014, 7, 22), date(2014, 4, 15))
    assert find_dates("aucune date") == ()


def test_fold_keeps_length() -> None:
    for text in ("Ministère interrogé", "1ᵉʳ nº", "Œuvre ﬁn", "İstanbul"):
        assert len(fold(text)) == len(text)
    assert fold("Ministère Interrogé") == "ministere interroge"
