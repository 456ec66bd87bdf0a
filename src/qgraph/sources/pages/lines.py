"""Any page layout to clean text lines plus the link targets it holds.

HTML goes through lxml: block elements and table cells end lines, and
scripts, navigation and comment threads are dropped. Text and Markdown renderings lose their
markup noise (``[x](url)`` links, ``*emphasis*``, ``1^{re}`` and ``<sup>re</sup>``
superscripts, ``#`` headings, ``*`` bullets, backslash escapes). Either way the result is
the same: one stripped, whitespace-collapsed line per paragraph, which ``labels`` reads.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

_BLOCK = frozenset(
    "address article aside blockquote body dd details dialog div dl dt fieldset figcaption "
    "figure h1 h2 h3 h4 h5 h6 header hr html li main ol p pre section summary table tbody "
    "tfoot thead tr ul caption center td th".split()
)
_SKIP = frozenset(
    "head script style noscript nav footer form button select option svg iframe template "
    "object embed canvas".split()
)
_SKIP_MARKERS = ("commentaire", "footer", "cookie", "breadcrumb", "skip-link")
_HTML_SNIFF = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|div|table|section|article|h1|meta)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class PageText:
    """A page as text lines, with every link target (href) it held, in order."""

    lines: tuple[str, ...]
    links: tuple[str, ...]
    is_html: bool
    wrapped: frozenset[int] = frozenset()  # lines that directly follow another (no blank line)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.search(text[:4096]))


def collapse(text: str) -> str:
    return " ".join(text.split())


def _flat(text: str) -> str:
    """HTML text: source line breaks are spaces (``pre`` is not special-cased)."""
    return text.replace("\r", " ").replace("\n", " ")


def _skipped(el: etree._Element) -> bool:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in _SKIP or not isinstance(el.tag, str):
        return True
    marks = f"{el.get('id', '')} {el.get('class', '')}".lower()
    return any(m in marks for m in _SKIP_MARKERS)


def html_lines(text: str) -> PageText:
    """Lines and links of an HTML page (a parse failure gives no lines)."""
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return PageText((), (), True)
    out: list[str] = []
    links: list[str] = []
    skip_depth = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if skip_depth or _skipped(el):
                skip_depth += 1
                continue
            if tag in _BLOCK:
                out.append("\n")
            elif tag == "br":
                out.append("\n")
            if tag == "a" and el.get("href"):
                links.append(el.get("href", ""))
            if el.text:
                out.append(_flat(el.text))
        else:
            if skip_depth:
                skip_depth -= 1
                if skip_depth:
                    continue
            if tag in _BLOCK:
                out.append("\n")
            if el.tail and el is not root:
                out.append(_flat(el.tail))
    lines = (collapse(line) for line in "".join(out).split("\n"))
    return PageText(tuple(line for line in lines if line), tuple(links), True)


_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\s]*)[^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)[^)\n]*\)")
_MD_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)([^*\n]+?)(?<=\S)\1")
_SUPERSCRIPT = re.compile(r"\^\{([^}\n]*)\}|<sup>(.*?)</sup>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!^])")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_BULLET = re.compile(r"^\s*[*+]\s+")
_RAW_URL = re.compile(r"https?://[^\s)\]>\"']+")


def strip_markup(line: str) -> str:
    """One line of a text/Markdown rendering without its markup."""
    line = _HEADING.sub("", line)
    line = _BULLET.sub("", line)
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _SUPERSCRIPT.sub(lambda m: m.group(1) or m.group(2) or "", line)
    line = _TAG.sub("", line)
    line = _MD_EMPHASIS.sub(r"\2", line)
    line = _ESCAPE.sub(r"\1", line)
    return collapse(html.unescape(line))


def text_lines(text: str) -> PageText:
    """Lines and links of a text or Markdown rendering."""
    links = [m.group(2) for m in _MD_LINK.finditer(text)]
    links += _RAW_URL.findall(text)
    text = _BR.sub("\n", text)
    lines: list[str] = []
    wrapped: set[int] = set()
    after_text = False
    for raw in text.splitlines():
        line = strip_markup(raw)
        if line:
            if after_text:
                wrapped.add(len(lines))
            lines.append(line)
        after_text = bool(raw.strip())
    return PageText(tuple(lines), tuple(links), False, frozenset(wrapped))


def page_text(text: str) -> PageText:
    """``text`` as lines, read as HTML when it looks like HTML."""
    return html_lines(text) if looks_like_html(text) else text_lines(text)
