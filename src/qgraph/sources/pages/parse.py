"""``parse_page``: a saved question page (any layout) → ``QuestionRecord``.

| step        | module     | turns                                   | into                 |
|-------------|------------|-----------------------------------------|----------------------|
| decode      | ``decode`` | bytes                                   | str                  |
| lines       | ``lines``  | HTML, text or Markdown                  | clean lines + links  |
| labels      | ``labels`` | lines                                   | ``PageFields``       |
| identity    | ``ids``    | page, ``uid_hint``, file name, links    | ``QuestionId``       |
| record      | ``build``  | ``PageFields`` + ``QuestionId``         | ``QuestionRecord``   |
"""

from __future__ import annotations

import re

from qgraph.errors import SourceError
from qgraph.records.model import Origin, QuestionRecord
from qgraph.sources.pages.build import build_record
from qgraph.sources.pages.dates import fold
from qgraph.sources.pages.decode import decode_page
from qgraph.sources.pages.ids import QuestionId, file_name, find_id, unique_id
from qgraph.sources.pages.labels import read_fields
from qgraph.sources.pages.lines import PageText, page_text

NO_ID = "page gives no question number or legislature; name the file like 16-971QE.htm or pass --uid"
NOT_A_PAGE = "not a question page"

_DEPUTE_LINK = re.compile(r"OMC_PA(\d+)|/deputes/PA(\d+)|fiches_id/(\d+)")
_MARKERS = (
    "texte de la question", "ministere interroge", "ministere attributaire",
    "ministere repondant", "question publiee au jo", "question soumise le",
    "question ecrite n", "question au gouvernement n", "question orale sans debat n",
    "numero de la question", "question posee en seance",
)


def acteur_ref(links: tuple[str, ...]) -> str | None:
    """"PA123" from the first link to a deputy's page (``OMC_PA123``, ``fiches_id/123``)."""
    for link in links:
        m = _DEPUTE_LINK.search(link)
        if m:
            return "PA" + next(g for g in m.groups() if g)
    return None


def _identity(
    page: QuestionId, text: PageText, origin: Origin, uid_hint: str | None
) -> QuestionId:
    qid = page
    if uid_hint is not None:
        hint = find_id(uid_hint)
        if hint is None:
            raise SourceError(
                origin.describe(), f"--uid {uid_hint!r} is not a question uid like QANR5L16QE15221"
            )
        qid = qid.filled_from(hint)
    for fallback in (find_id(file_name(origin.member or origin.path)), unique_id(text.links)):
        if fallback is not None:
            qid = qid.filled_from(fallback)
    return qid


def _parse(data: bytes, origin: Origin, uid_hint: str | None) -> QuestionRecord:
    text = page_text(decode_page(data))
    fields = read_fields(text.lines, text.wrapped)
    if not fields.is_question_page:
        raise SourceError(origin.describe(), NOT_A_PAGE)
    page_id = QuestionId(fields.legislature, fields.type, fields.number)
    qid = _identity(page_id, text, origin, uid_hint)
    if not qid.complete:
        raise SourceError(origin.describe(), NO_ID)
    return build_record(fields, qid, origin, acteur_ref(text.links))


def parse_page(data: bytes, origin: Origin, uid_hint: str | None = None) -> QuestionRecord:
    """Read one saved question page: AN site HTML (old ``q16/16-971QE.htm`` or ``/dyn/``
    layout), its text or Markdown rendering, or a NosDéputés.fr page (HTML or text).

    The number, type and legislature come from the page; what it lacks comes from
    ``uid_hint`` ("QANR5L16QE15221" or "16-15221QE"), then from the file name of ``origin``
    when it follows an AN URL form (``16-971QE.htm``, ``QANR5L17QE10992.txt``), then from the
    page's links when they all point to one question. Raises ``SourceError`` only.
    """
    try:
        return _parse(data, origin, uid_hint)
    except SourceError:
        raise
    except Exception as exc:  # the boundary: every other failure becomes a SourceError
        raise SourceError(origin.describe(), f"cannot read page: {exc}") from exc


def _head(chunk: bytes) -> str:
    """The start of a file as text; a UTF-8 character cut at the chunk's end is dropped."""
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(chunk) - 3:
            return chunk[: exc.start].decode("utf-8", "replace")
        return decode_page(chunk)


def looks_like_page(data: bytes) -> bool:
    """Cheap sniff for the format detector: do these bytes look like a question page?

    JSON and non-HTML XML never do (an open-data answer may quote "question écrite n°").
    """
    head = _head(data[:65536]).lstrip("\ufeff \t\r\n")
    if head.startswith(("{", "[")):
        return False
    if head.startswith("<?xml") and "<html" not in head[:4096].lower():
        return False
    folded = fold(head).replace("\u2019", "'")
    folded = " ".join(folded.split())
    return sum(marker in folded for marker in _MARKERS) >= 2
