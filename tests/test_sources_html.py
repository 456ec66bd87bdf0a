"""``html_to_text`` reads simple markup without HTMLParser (a fast path): held here to give
exactly what HTMLParser gives, on every text of the AN fixtures and on generated tag soup."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from qgraph.sources import values
from qgraph.sources.values import html_to_text, normalise_space


def parsed(text: str) -> str | None:
    """html_to_text through HTMLParser only (what it was before the fast path)."""
    cleaned = values.clean_str(text)
    if cleaned is None:
        return None
    if "<" not in cleaned and "&" not in cleaned:
        return normalise_space(cleaned)
    return normalise_space(collected(cleaned))


def collected(text: str) -> str:
    """What HTMLParser (``_TextExtractor``) collects from ``text``."""
    parser = values._TextExtractor(markup=bool(values._TAG.search(text)))
    parser.feed(values._DANGLING_TAG.sub("", text))
    parser.close()
    return "".join(parser.parts)


def fast(text: str) -> str | None:
    """The fast path alone: None where it leaves the text to HTMLParser."""
    return values._simple_markup_text(values._DANGLING_TAG.sub("", text), bool(values._TAG.search(text)))


def fixture_texts(an_fixtures: Path) -> list[str]:
    texts = []
    for path in sorted((an_fixtures / "questions").glob("*.json")):
        q = json.loads(path.read_text(encoding="utf-8"))["question"]
        for key, sub in (("textesQuestion", "texteQuestion"), ("textesReponse", "texteReponse")):
            item = (q.get(key) or {}).get(sub) if isinstance(q.get(key), dict) else None
            for one in item if isinstance(item, list) else [item]:
                if isinstance(one, dict) and isinstance(one.get("texte"), str):
                    texts.append(one["texte"])
    return texts


def test_every_fixture_text_takes_the_fast_path_with_the_same_result(an_fixtures: Path) -> None:
    texts = fixture_texts(an_fixtures)
    marked = [t for t in texts if "<" in t]
    assert len(texts) >= 300 and len(marked) >= 290  # the QG debates are HTML
    assert [t for t in marked if fast(t) is None] == []
    assert [html_to_text(t) for t in texts] == [parsed(t) for t in texts]


def test_examples_in_and_out_of_the_fast_path() -> None:
    cases = {
        '</p><p align="CENTER"> TITRE <a name=PG1></a> </p><br><strong>M. X. </strong>Oui.<b': "TITRE\nM. X. Oui.",
        "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>": "a b\nc",
        "Ligne<BR/>suite<br />fin": "Ligne\nsuite\nfin",
        "a&amp;b<br>\nc &#8364;": "a&b\nc €",
        "<td/>x<td>y": "x y",  # left to HTMLParser: a self-closing td adds nothing
        "<script>alert(1)</script>texte": "texte",
        "a < b<br>c": "a < b\nc",
        "x<!-- c -->y": "xy",
    }
    for text, expected in cases.items():
        assert html_to_text(text) == expected == parsed(text), text
    assert fast("Ligne<BR/>suite") == "Ligne\nsuite"
    for text in ("<td/>x", "<script>x</script>", "a < b<br>", "x<!-- c -->y", "</p class=x>", "< p>", "a\x00<br>"):
        assert fast(text) is None, text


FRAGMENTS = ["<br>", "<BR/>", "<br />", "<br / >", "</br>", "<p>", "</p>", "<p/>", '<p align="CENTER">',
             "<p align=CENTER>", "</p >", "</p class=x>", "< p>", "<td>", "<td/>", "</td>", "<th class='x'>",
             "<td a=/x/>", "<strong>", "</strong>", "<i>", "<a href=/x/>", '<a href="a>b">', "<a<b>",
             "<script>", "</script>", "<style>", "</style>", "<!-- c -->", "<!x>", "<?x?>", "<", ">", "&amp;",
             "&#8364;", "&#10;", "&am", "p;", "&", "\n", "\r", " ", "\u00a0", "texte", "é", "\x00", "<b"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=14))
def test_fast_path_gives_what_htmlparser_gives(parts: list[str]) -> None:
    text = "".join(parts)
    result = fast(text)
    if result is not None:
        assert result == collected(text)
    assert html_to_text(text) == parsed(text)
