"""XML sources: the open-data sibling, the XIV big file (streamed), legacy XML, and safety."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from qgraph.errors import SourceError
from qgraph.records.model import OrganeRecord, Origin, QuestionRecord
from qgraph.sources import iter_bytes, iter_records

NS = "http://schemas.assemblee-nationale.fr/referentiel"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def to_xml(name: str, value: Any, ns: str | None = NS) -> bytes:
    """The XML sibling of an open-data JSON object (the AN's JSON is made from this XML)."""

    def build(parent: Any, key: str, val: Any) -> None:
        tag = f"{{{ns}}}{key}" if ns else key
        for item in val if isinstance(val, list) else [val]:
            el = etree.SubElement(parent, tag) if parent is not None else None
            fill(el, item)

    def fill(el: Any, val: Any) -> None:
        if val is None:
            el.set(f"{{{XSI}}}nil", "true")
        elif isinstance(val, dict):
            for k, v in val.items():
                if k == "#text":
                    el.text = v
                elif not k.startswith("@"):
                    build(el, k, v)
        else:
            el.text = str(val)

    root = etree.Element(f"{{{ns}}}{name}" if ns else name, nsmap={None: ns, "xsi": XSI} if ns else {"xsi": XSI})
    fill(root, value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def strip_origin(record: Any) -> dict[str, Any]:
    d = dict(vars(record))
    d.pop("origin")
    return d


@pytest.mark.fixtures
def test_xml_sibling_gives_the_same_records_as_json(an_fixtures: Path, tmp_path: Path) -> None:
    paths = sorted((an_fixtures / "questions").glob("QANR5L17*.json"))
    paths += sorted((an_fixtures / "questions").glob("QANR5L16QG1*.json"))[:20]
    for path in paths:
        body = json.loads(path.read_bytes())["question"]
        xml_path = tmp_path / (path.stem + ".xml")
        xml_path.write_bytes(to_xml("question", body))
        (from_json,) = iter_records([path])
        (from_xml,) = iter_records([xml_path])
        assert isinstance(from_xml, QuestionRecord), from_xml
        assert strip_origin(from_xml) == strip_origin(from_json), path.name
        assert from_xml.origin.checksum == hashlib.sha256(xml_path.read_bytes()).hexdigest()


HAND_MADE_SIBLING = f"""<?xml version="1.0" encoding="UTF-8"?>
<question xmlns="{NS}" xmlns:xsi="{XSI}" xsi:type="QuestionEcrite_Type">
  <uid>QANR5L16QE99</uid>
  <identifiant><numero>99</numero><regime>5eme Republique</regime><legislature>16</legislature></identifiant>
  <type>QE</type>
  <indexationAN><rubrique>énergie</rubrique><teteAnalyse xsi:nil="true"/>
    <analyses><analyse>Prix</analyse><analyse>Électricité</analyse></analyses></indexationAN>
  <minAttribs>
    <minAttrib><infoJO><typeJO>JO_QUESTION</typeJO><dateJO>2023-02-01</dateJO></infoJO>
      <denomination><organeRef>PO1</organeRef><abrege>A</abrege><developpe>Ministère A</developpe></denomination></minAttrib>
    <minAttrib><infoJO><typeJO>JO_LOI_DECRET</typeJO><dateJO>20/07/2023</dateJO></infoJO>
      <denomination><abrege>B</abrege><developpe>Ministère B</developpe></denomination></minAttrib>
  </minAttribs>
  <textesQuestion><texteQuestion><infoJO><dateJO>2023-02-01</dateJO><pageJO>1020</pageJO></infoJO>
    <texte>Le prix &lt;b&gt;monte&lt;/b&gt; de 5 &amp;#8364;.</texte></texteQuestion></textesQuestion>
  <textesReponse xsi:nil="true"/>
  <cloture xsi:nil="true"/>
  <renouvellements><renouvellement><infoJO><dateJO>2023-06-01</dateJO></infoJO></renouvellement></renouvellements>
</question>
"""


def test_hand_made_xml_sibling(tmp_path: Path) -> None:
    path = tmp_path / "QANR5L16QE99.xml"
    path.write_text(HAND_MADE_SIBLING, encoding="utf-8")
    (q,) = iter_records([path])
    assert isinstance(q, QuestionRecord)
    assert (q.uid, q.number, q.legislature, q.type) == ("QANR5L16QE99", 99, 16, "QE")
    assert q.analyses == ("Prix", "Électricité") and q.tete_analyse is None
    assert [a.ministry.organe_ref for a in q.attributions] == ["PO1", None]
    assert q.attributions[1].jo.date == date(2023, 7, 20)
    assert q.question_text == "Le prix monte de 5 €."
    assert q.closing is None and q.answered is None and q.renewals == (date(2023, 6, 1),)


def test_xml_sibling_with_inline_markup_in_texte() -> None:
    doc = HAND_MADE_SIBLING.replace("Le prix &lt;b&gt;monte&lt;/b&gt; de 5 &amp;#8364;.", "Le prix <b>monte</b> de 5 &#8364;.")
    (q,) = iter_bytes(doc.encode(), Origin("q.xml"))
    assert isinstance(q, QuestionRecord) and q.question_text == "Le prix monte de 5 €."


def xiv_question(n: int, extra: str = "") -> str:
    return (
        f"<question><uid>QANR5L14QE{n}</uid><identifiant><numero>{n}</numero><regime>5eme Republique</regime>"
        f"<legislature>14</legislature></identifiant><type>QE</type>"
        f"<indexationAN><rubrique>défense</rubrique><analyses><analyse>Sujet {n}</analyse></analyses></indexationAN>"
        f"<auteur><identite><acteurRef>PA923</acteurRef><mandatRef>PM645363</mandatRef></identite></auteur>"
        f"<textesQuestion><texteQuestion><infoJO><dateJO>07/01/2014</dateJO><pageJO>{n}</pageJO></infoJO>"
        f"<texte>Texte {n}{extra}</texte></texteQuestion></textesQuestion></question>\n"
    )


def test_xiv_big_file_with_three_questions(tmp_path: Path) -> None:
    path = tmp_path / "Questions_ecrites_XIV.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<questionsEcrites>\n'
        + "".join(xiv_question(n) for n in (101, 102, 103)) + "</questionsEcrites>\n",
        encoding="utf-8",
    )
    items = list(iter_records([path]))
    assert [q.uid for q in items] == ["QANR5L14QE101", "QANR5L14QE102", "QANR5L14QE103"]
    q = items[1]
    assert isinstance(q, QuestionRecord)
    assert q.published is not None and (q.published.date, q.published.page) == (date(2014, 1, 7), 102)
    assert q.analyses == ("Sujet 102",) and q.question_text == "Texte 102"
    assert q.author.acteur_ref == "PA923"
    element = etree.fromstring(xiv_question(102).encode())
    element.tail = None
    assert q.origin.checksum == hashlib.sha256(etree.tostring(element)).hexdigest()
    assert len({i.origin.checksum for i in items}) == 3


def test_xiv_bad_question_is_an_error_and_others_go_on(tmp_path: Path) -> None:
    bad = xiv_question(2).replace("<uid>QANR5L14QE2</uid>", "")
    path = tmp_path / "xiv.xml"
    path.write_text("<questionsEcrites>" + xiv_question(1) + bad + xiv_question(3) + "</questionsEcrites>")
    a, err, c = iter_records([path])
    assert isinstance(a, QuestionRecord) and isinstance(c, QuestionRecord)
    assert str(err) == f"{path}: #2: missing required field uid"


def test_xiv_truncated_yields_records_then_one_error(tmp_path: Path) -> None:
    path = tmp_path / "xiv.xml"
    path.write_text("<questionsEcrites>" + xiv_question(1) + xiv_question(2) + xiv_question(3)[:60])
    items = list(iter_records([path]))
    assert [type(i) for i in items] == [QuestionRecord, QuestionRecord, SourceError]
    assert items[2].record == "after #2" and items[2].reason.startswith("invalid XML (")


def test_xiv_of_legacy_questions(an_fixtures: Path, tmp_path: Path) -> None:
    legacy = (an_fixtures / "legacy-q14_14-47351QE.xml").read_bytes().split(b"?>", 1)[1]
    path = tmp_path / "legacy-collection.xml"
    path.write_bytes(b"<QUESTIONS>" + legacy + legacy.replace(b'NUMERO="47351"', b'NUMERO="47352"') + b"</QUESTIONS>")
    items = list(iter_records([path]))
    assert [i.uid for i in items] == ["QANR5L14QE47351", "QANR5L14QE47352"]
    assert all(i.origin.kind == "legacy-xml" for i in items)


MEMORY_CHILD = """
import resource, sys
from qgraph.sources import iter_records
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
count = sum(1 for item in iter_records([sys.argv[1]]) if hasattr(item, "uid"))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(count, (after - before) * 1024)
"""


def write_xiv(path: Path, count: int) -> None:
    pad = " Texte de la question, assez long pour peser." * 25
    with path.open("w", encoding="utf-8") as f:
        f.write("<questionsEcrites>\n")
        for n in range(1, count + 1):
            f.write(
                f"<question><uid>QANR5L14QE{n}</uid><identifiant><numero>{n}</numero>"
                f"<legislature>14</legislature></identifiant><type>QE</type><textesQuestion>"
                f"<texteQuestion><texte>{n}{pad}</texte></texteQuestion></textesQuestion></question>\n"
            )
        f.write("</questionsEcrites>\n")


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KiB is Linux behaviour")
def test_xiv_streaming_memory_stays_flat(tmp_path: Path) -> None:
    """20,000 questions (27 MB): the process's peak RSS must not grow with the file.

    tracemalloc cannot see libxml2's C allocations, so an uncleared lxml tree would pass a
    tracemalloc check; peak RSS in a fresh process does see it (about +60 MB without clearing).
    """
    path = tmp_path / "Questions_ecrites_XIV.xml"
    write_xiv(path, 20_000)
    assert path.stat().st_size > 25_000_000
    out = subprocess.run([sys.executable, "-c", MEMORY_CHILD, str(path)], capture_output=True, text=True, check=True)
    count, growth = map(int, out.stdout.split())
    assert count == 20_000
    assert growth < 20 * 1024 * 1024, f"peak RSS grew by {growth >> 20} MB"


def test_xiv_streaming_python_memory_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "xiv.xml"
    write_xiv(path, 500)
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_records([path]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 500 and peak < 5 * 1024 * 1024


LEGACY = """<?xml version="1.0" encoding="ISO-8859-1"?>
<QUESTION TYPE="QOSD"><LEGISLATURE>13</LEGISLATURE>
<DEPOT NUMERO="{numero}"><DATE_JO>02/03/2010</DATE_JO><PAGE_JO>2280</PAGE_JO></DEPOT>
<AUTEUR ID_MANDAT="PM1"><ID_ACTEUR>PA5</ID_ACTEUR><NOM>Durand</NOM></AUTEUR>
<INDEXATION_AN RUBRIQUE="santé"><ANALYSE><ANA>hôpitaux</ANA></ANALYSE></INDEXATION_AN>
<MINA><ORDRE NUMERO="2"><ID_MINA>2</ID_MINA><DATE_JO>01/05/2010</DATE_JO></ORDRE><ORDRE NUMERO="1"><ID_MINA>1</ID_MINA></ORDRE></MINA>
<SIGNALEMENT><DATE_DEPOT_SIGNAL>03/04/2010</DATE_DEPOT_SIGNAL></SIGNALEMENT>
<CLOTURE><ABREGE>RET_FM</ABREGE><LIBELLE>Fin de mandat</LIBELLE><DATE_JO>19/06/2012</DATE_JO></CLOTURE>
</QUESTION>"""


def test_hand_made_legacy_latin1(tmp_path: Path) -> None:
    path = tmp_path / "q13.xml"
    path.write_bytes(LEGACY.format(numero="77").encode("latin-1"))
    (q,) = iter_records([path])
    assert isinstance(q, QuestionRecord) and q.uid == "QANR5L13QOSD77" and q.origin.kind == "legacy-xml"
    assert (q.author.acteur_ref, q.author.mandat_ref) == ("PA5", "PM1")  # already prefixed: kept
    assert q.rubrique == "santé" and q.analyses == ("hôpitaux",)
    assert [a.ministry.organe_ref for a in q.attributions] == ["PO1", "PO2"]  # by NUMERO
    assert q.signalements == (date(2010, 4, 3),)
    assert q.closing is not None and (q.closing.code, q.closing.label, q.closing.date) == ("RET_FM", "Fin de mandat", date(2012, 6, 19))
    assert q.answered is None and q.question_text is None


def test_legacy_without_number_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "q.xml"
    path.write_bytes(LEGACY.replace(' NUMERO="{numero}"', "").encode("latin-1"))
    (err,) = iter_records([path])
    assert str(err) == f"{path}: missing required field DEPOT@NUMERO"


def test_amo_xml(tmp_path: Path) -> None:
    doc = f'<organe xmlns="{NS}" xmlns:xsi="{XSI}"><uid>PO1</uid><codeType>GP</codeType><viMoDe><dateDebut>2022-06-28</dateDebut><dateFin xsi:nil="true"/></viMoDe></organe>'
    (o,) = iter_bytes(doc.encode(), Origin("PO1.xml"))
    assert isinstance(o, OrganeRecord) and o.uid == "PO1" and o.start == date(2022, 6, 28) and o.end is None


def test_unknown_xml_root_is_one_error() -> None:
    doc = b"<rss><channel><item>1</item></channel><channel/></rss>"
    (err,) = iter_bytes(doc, Origin("feed.xml"))
    assert str(err) == "feed.xml: not a recognised question or AMO file (XML <rss> holding <channel>)"


# --- safety -------------------------------------------------------------------------------


def test_xxe_never_reads_local_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42")
    for doc in (
        f'<?xml version="1.0"?><!DOCTYPE question [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f"<question><uid>&xxe;</uid><type>QE</type></question>",
        f'<?xml version="1.0"?><!DOCTYPE question [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>'
        f"<question><uid>QANR5L16QE1</uid></question>",
        f'<?xml version="1.0"?><!DOCTYPE question SYSTEM "file://{secret}"><question><uid>QANR5L16QE1</uid></question>',
    ):
        path = tmp_path / "xxe.xml"
        path.write_text(doc)
        items = list(iter_records([path]))
        assert "TOP-SECRET-42" not in repr(items) + "".join(map(str, items))
        assert len(items) == 1  # an error for entity declarations; the last DTD is not loaded


def test_external_entity_is_refused(tmp_path: Path) -> None:
    doc = b'<!DOCTYPE question [<!ENTITY xxe SYSTEM "file:///etc/hostname">]><question><uid>&xxe;</uid></question>'
    (err,) = iter_bytes(doc, Origin("xxe.xml"))
    assert isinstance(err, SourceError) and "entit" in err.reason


def billion_laughs() -> bytes:
    decls = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return ('<?xml version="1.0"?><!DOCTYPE question [' + "".join(decls) + "]><question><uid>&lol9;</uid></question>").encode()


def test_billion_laughs_fails_fast() -> None:
    tracemalloc.start()
    start = time.monotonic()
    try:
        items = list(iter_bytes(billion_laughs(), Origin("lol.xml")))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - start < 2
    assert peak < 10 * 1024 * 1024
    assert len(items) == 1 and isinstance(items[0], SourceError)
    assert items[0].reason == "XML entity declarations are not allowed"


def test_deeply_nested_xml_is_an_error() -> None:
    doc = b"<question>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</question>"
    (err,) = iter_bytes(doc, Origin("deep.xml"))
    assert isinstance(err, SourceError) and err.reason.startswith("invalid XML (")


def test_latin1_xml_without_declaration() -> None:
    doc = "<question><uid>QANR5L16QE1</uid><texte>café</texte></question>".encode("latin-1")
    (err,) = iter_bytes(doc, Origin("l1.xml"))
    assert str(err) == "l1.xml: not valid UTF-8"
