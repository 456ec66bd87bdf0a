"""XML files → records, streamed with a safe ``lxml.etree.iterparse``.

The root element decides:

============================  =====================================================
root                          read as
============================  =====================================================
``question`` (any namespace)  one open-data question (XML sibling of the JSON)
``acteur|mandat|organe``      one AMO record
``QUESTION``                  one legacy per-question XML (:mod:`.legacy_xml`)
anything else                 a collection, e.g. the XIV ``<questionsEcrites>``: each
                              child is read, yielded and cleared, so memory stays flat
============================  =====================================================

Open-data elements are turned into the JSON shape (repeated children → list, ``xsi:nil`` →
None, text-only → str) and mapped by the JSON code. Parsing never resolves entities, loads a
DTD or touches the network; a document declaring entities is refused outright.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace
from typing import IO, Any

from lxml import etree

from qgraph.errors import SourceError
from qgraph.records.model import Origin
from qgraph.sources.boundary import Item, attempt
from qgraph.sources.legacy_xml import question_from_legacy
from qgraph.sources.opendata_json import records_from_root

XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
SINGLE_ROOTS = frozenset({"question", "QUESTION", "acteur", "mandat", "organe"})
NOT_RECOGNISED_FILE = "not a recognised question or AMO file"
MIXED_CONTENT = frozenset({"texte"})
"""Elements whose children are inline markup, kept as an HTML string."""


def local_name(tag: Any) -> str:
    """``{ns}question`` → ``question``; '' for comments and processing instructions."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def element_to_value(el: Any) -> Any:
    """An open-data element in the JSON shape: dict, list for repeats, str, or None."""
    if el.get(XSI_NIL) == "true":
        return None
    children = [c for c in el if isinstance(c.tag, str)]
    if children and local_name(el.tag) in MIXED_CONTENT:
        inner = (el.text or "") + "".join(
            etree.tostring(c, encoding="unicode", with_tail=True) for c in children
        )
        return inner.strip() or None
    if not children:
        text = (el.text or "").strip()
        return text or None
    groups: dict[str, list[Any]] = {}
    for child in children:
        groups.setdefault(local_name(child.tag), []).append(element_to_value(child))
    return {key: values if len(values) > 1 else values[0] for key, values in groups.items()}


def _records_of(el: Any, origin: Origin, position: str | None) -> Iterator[Item]:
    """Records from one complete element (a root or a child of a collection)."""
    name = local_name(el.tag)
    if name == "QUESTION":
        legacy = replace(origin, kind="legacy-xml")
        yield from attempt(lambda: [question_from_legacy(el, legacy, position)], origin.describe(), position)
    else:
        yield from records_from_root({name: element_to_value(el)}, origin, position)


def _syntax_reason(exc: etree.XMLSyntaxError, encoding: str | None) -> str:
    msg = " ".join(str(exc.msg or exc).split())
    if "not proper UTF-8" in msg or "Invalid bytes in character encoding" in msg:
        return f"not valid {encoding or 'UTF-8'}"
    if "amplification" in msg:  # only declared entities expand (libxml2 >= 2.13 stops them early)
        return "XML entity declarations are not allowed"
    if "entity" in msg.lower():
        return f"XML entities are not allowed ({msg[:120]})"
    return f"invalid XML ({msg[:160]})"


class _HashingReader:
    """A ``read()``-able view of a stream that hashes every byte it hands out."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.sha = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.sha.update(data)
        return data

    def drain(self) -> str:
        while self.read(1 << 16):
            pass
        return self.sha.hexdigest()


def read_xml(stream: IO[bytes], origin: Origin) -> Iterator[Item]:
    """All records of one XML document read from ``stream``.

    A single-record document gets the checksum of the whole file; each child of a collection
    gets the sha256 of its serialized element. Memory is bounded by the largest record.
    """
    file = origin.describe()
    reader = _HashingReader(stream)
    events = etree.iterparse(
        reader, events=("start", "end"), resolve_entities=False, no_network=True,
        load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True,
    )
    depth, count, root, root_name, single = 0, 0, None, "", False
    try:
        for event, el in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    root, root_name = el, local_name(el.tag)
                    single = root_name in SINGLE_ROOTS
                    _refuse_entities(el, file)
                continue
            depth -= 1
            if depth == 1 and not single:
                if local_name(el.tag) not in SINGLE_ROOTS:
                    what = f"XML <{root_name}> holding <{local_name(el.tag)}>"
                    yield SourceError(file, f"{NOT_RECOGNISED_FILE} ({what})")
                    return
                count += 1
                checksum = hashlib.sha256(etree.tostring(el, with_tail=False)).hexdigest()
                yield from _records_of(el, replace(origin, checksum=checksum), f"#{count}")
                el.clear(keep_tail=False)
                while el.getprevious() is not None:
                    del el.getparent()[0]
    except SourceError as exc:
        yield exc
        return
    except etree.XMLSyntaxError as exc:
        encoding = root.getroottree().docinfo.encoding if root is not None else None
        reason = _syntax_reason(exc, encoding)
        yield SourceError(file, reason, record=f"after #{count}" if count else None)
        return
    if single and root is not None:
        yield from _records_of(root, replace(origin, checksum=reader.drain()), None)
    elif count == 0:
        yield SourceError(file, f"{NOT_RECOGNISED_FILE} (XML <{root_name}> with no records)")


def _refuse_entities(root: Any, file: str) -> None:
    """Raise SourceError if the document's internal DTD declares any entity (XXE, bombs)."""
    docinfo = root.getroottree().docinfo
    if docinfo.system_url:  # never loaded; its entities would silently vanish from the text
        raise SourceError(file, "XML external DTDs are not allowed")
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise SourceError(file, "XML entity declarations are not allowed")
