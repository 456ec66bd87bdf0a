"""AMO records (acteur, mandat, organe) → triples.

Deputies are keyed by their PA id, mandates by PM, bodies by PO, so facts from a question and
from the AMO files meet on the same nodes whatever order they arrive in.
"""

from __future__ import annotations

from qgraph.rdf import iris
from qgraph.rdf.nt import Triple, checked_iri, integer, lit, xsd_date
from qgraph.rdf.questions import name_key
from qgraph.rdf.vocab import FOAF, ORG, QG, RDF, RDFS, SCHEMA, SKOS
from qgraph.records import ActeurRecord, MandatRecord, OrganeRecord

ORGANE_CLASS = {
    "GP": QG.ParliamentaryGroup,
    "MINISTERE": QG.Ministry,
    "GOUVERNEMENT": QG.Government,
    "ASSEMBLEE": QG.Assembly,
}


def map_acteur(rec: ActeurRecord) -> list[Triple]:
    p = iris.person(rec.uid)
    n = rec.name
    t: list[Triple] = [(p, RDF.type, FOAF.Person), (p, QG.anId, lit(rec.uid))]
    if n.full:
        t += [(p, FOAF.name, lit(n.full)), (p, QG.nameKey, lit(name_key(n.full)))]
    if n.first_name:
        t.append((p, FOAF.givenName, lit(n.first_name)))
    if n.last_name:
        t.append((p, FOAF.familyName, lit(n.last_name)))
    if n.civility:
        t.append((p, QG.civility, lit(n.civility)))
    if rec.birth_date:
        t.append((p, SCHEMA.birthDate, xsd_date(rec.birth_date)))
    if rec.death_date:
        t.append((p, SCHEMA.deathDate, xsd_date(rec.death_date)))
    for prop, value in ((QG.birthPlace, rec.birth_place), (QG.birthDepartment, rec.birth_department),
                        (QG.birthCountry, rec.birth_country), (QG.profession, rec.profession)):
        if value:
            t.append((p, prop, lit(value)))
    page = checked_iri(rec.hatvp_uri) if rec.hatvp_uri else None
    if page and page.startswith(("<http://", "<https://")):
        t.append((p, FOAF.page, page))
    return t


def map_mandat(rec: MandatRecord) -> list[Triple]:
    m = iris.mandate(rec.uid)
    t: list[Triple] = [(m, RDF.type, QG.Mandate), (m, RDF.type, ORG.Membership),
                       (m, QG.anId, lit(rec.uid))]
    if rec.acteur_ref:
        p = iris.person(rec.acteur_ref)
        t.append((m, ORG.member, p))
        if rec.type_organe == "ASSEMBLEE":
            t.append((p, RDF.type, QG.Deputy))
    for ref in rec.organe_refs:
        t.append((m, ORG.organization, iris.organe(ref)))
    if rec.legislature:
        t.append((m, QG.legislature, iris.legislature(rec.legislature)))
    if rec.type_organe:
        t.append((m, QG.organeType, lit(rec.type_organe)))
    if rec.start:
        t.append((m, QG.startDate, xsd_date(rec.start)))
    if rec.end:
        t.append((m, QG.endDate, xsd_date(rec.end)))
    if rec.quality:
        t.append((m, QG.quality, lit(rec.quality)))
    if rec.end_reason:
        t.append((m, QG.endReason, lit(rec.end_reason)))
    if rec.department and rec.circonscription is not None:
        c = iris.constituency(rec.department, rec.circonscription)
        t += [(m, QG.constituency, c), (c, RDF.type, QG.Constituency),
              (c, QG.department, lit(rec.department)),
              (c, QG.constituencyNumber, integer(rec.circonscription))]
        if rec.department_code:
            t.append((c, QG.departmentCode, lit(rec.department_code)))
        if rec.region:
            t.append((c, QG.region, lit(rec.region)))
    return t


def map_organe(rec: OrganeRecord) -> list[Triple]:
    o = iris.organe(rec.uid)
    t: list[Triple] = [(o, QG.anId, lit(rec.uid))]
    cls = ORGANE_CLASS.get(rec.code_type or "")
    if cls:
        t.append((o, RDF.type, cls))
    t.append((o, RDF.type, ORG.Organization))
    if rec.code_type:
        t.append((o, QG.organeType, lit(rec.code_type)))
    if rec.label:
        t += [(o, RDFS.label, lit(rec.label)), (o, SKOS.prefLabel, lit(rec.label))]
    if rec.label_short:
        t.append((o, QG.shortName, lit(rec.label_short)))
        if rec.code_type == "MINISTERE":
            t.append((o, QG.ministryName, iris.ministry_by_name(rec.label_short)))
    if rec.abbreviation:
        t.append((o, QG.abbreviation, lit(rec.abbreviation)))
    if rec.start:
        t.append((o, QG.startDate, xsd_date(rec.start)))
    if rec.end:
        t.append((o, QG.endDate, xsd_date(rec.end)))
    if rec.legislature:
        t.append((o, QG.legislature, iris.legislature(rec.legislature)))
    if rec.parent_ref:
        parent = iris.organe(rec.parent_ref)
        t.append((o, ORG.subOrganizationOf, parent))
        if rec.code_type == "MINISTERE":
            t.append((o, QG.government, parent))
    if rec.previous_ref:
        t.append((o, QG.precededBy, iris.organe(rec.previous_ref)))
    if rec.color:
        t.append((o, QG.color, lit(rec.color)))
    return t
