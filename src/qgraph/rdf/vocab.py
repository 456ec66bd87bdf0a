"""Closed vocabularies: the only RDF terms mapping code may use.

Each attribute gives a serialised IRI term (``"<...>"``) ready for N-Quads; an undeclared name
raises ``AttributeError``, so a typo fails at once. ``tests/test_vocab.py`` checks that every
``QG`` term is declared in ``ontology/qgraph.ttl`` and every declared term is listed here.
"""

from __future__ import annotations


class Vocabulary:
    """A namespace with a fixed list of local names."""

    def __init__(self, prefix: str, base: str, terms: str) -> None:
        self._prefix = prefix
        self._base = base
        self._terms = frozenset(terms.split())

    def __getattr__(self, name: str) -> str:
        if name.startswith("_") or name not in self._terms:
            raise AttributeError(f"{name!r} is not a declared term of {self._prefix}: <{self._base}>")
        term = f"<{self._base}{name}>"
        setattr(self, name, term)  # later reads are plain attribute reads (mappers read terms a lot)
        return term

    def iri(self, name: str) -> str:
        """The plain IRI (no angle brackets) of a declared term."""
        return getattr(self, name)[1:-1]

    @property
    def base(self) -> str:
        return self._base

    @property
    def terms(self) -> frozenset[str]:
        return self._terms


QG_BASE = "https://w3id.org/qgraph/ontology#"

QG = Vocabulary("qg", QG_BASE, """
    Question WrittenQuestion GovernmentQuestion OralQuestion Answer Deputy Mandate
    ParliamentaryGroup Ministry Government Assembly Legislature Constituency Attribution
    Closing Rubric Organisation Theme ThemeAssignment Mention Ingest SourceFile StoreInfo
    QuestionStatus ClosingReason
    StatusAnswered StatusUnanswered StatusWithdrawn StatusLapsed StatusClosed
    ReasonAnswerPublished ReasonEndOfTerm ReasonWithdrawnByAuthor ReasonLapsed ReasonOther
    uid anId legislature legislatureNumber questionType number rubric analysis analysisHead
    questionText published publishedPage joNumber author authorMandate authorGroup
    constituency ministryAsked ministryAssigned attribution attributionOrder ministry joType
    date hasAnswer answerTo answerText answered answerPage closing closingCode closingLabel
    closingDate closingReason closed answerDeadline extensionDeadline answerDelayDays status
    signaled renewed civility birthPlace birthDepartment
    birthCountry profession department departmentCode region constituencyNumber startDate
    endDate quality endReason organeType shortName abbreviation color precededBy ministryName
    government mentions method confidence theme themeAssignment score evidence
    sovereigntyRelated acronym alias orgType parentOrganisation wikidata checksum
    qgraphVersion ontologyVersion storeFormat sourceKind provisional nameKey pageUrl
    reasked reaskedBy similarText similarity successorGroup
    caseSensitive indicatorRubric supportingRubric keyPhrase indicatorOrganisation
    ReaskLink earlierQuestion laterQuestion linkRelation
""")

DCTERMS = Vocabulary("dcterms", "http://purl.org/dc/terms/",
                     "identifier title creator date issued modified source created subject")
FOAF = Vocabulary("foaf", "http://xmlns.com/foaf/0.1/", "Person name givenName familyName page")
ORG = Vocabulary("org", "http://www.w3.org/ns/org#",
                 "Organization Membership member organization subOrganizationOf memberOf "
                 "ChangeEvent originalOrganization resultingOrganization")
SKOS = Vocabulary("skos", "http://www.w3.org/2004/02/skos/core#",
                  "Concept ConceptScheme prefLabel altLabel definition notation inScheme "
                  "hasTopConcept topConceptOf broader narrower exactMatch closeMatch "
                  "scopeNote hiddenLabel")
PROV = Vocabulary("prov", "http://www.w3.org/ns/prov#",
                  "Activity Entity SoftwareAgent wasDerivedFrom wasGeneratedBy used "
                  "generatedAtTime startedAtTime endedAtTime wasAssociatedWith")
SCHEMA = Vocabulary("schema", "http://schema.org/",
                    "Question Answer text birthDate deathDate mentions about acceptedAnswer "
                    "parentItem dateCreated")
OA = Vocabulary("oa", "http://www.w3.org/ns/oa#",
                "Annotation SpecificResource TextQuoteSelector TextPositionSelector hasBody "
                "hasTarget hasSource hasSelector exact prefix suffix start end motivatedBy "
                "identifying classifying")
RDF = Vocabulary("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "type value")
RDFS = Vocabulary("rdfs", "http://www.w3.org/2000/01/rdf-schema#", "label comment seeAlso")
OWL = Vocabulary("owl", "http://www.w3.org/2002/07/owl#", "sameAs")

PREFIXES: dict[str, str] = {
    "qg": QG_BASE,
    "qgid": "https://w3id.org/qgraph/id/",
    "qgt": "https://w3id.org/qgraph/theme/",
    "dcterms": DCTERMS.base,
    "foaf": FOAF.base,
    "org": ORG.base,
    "skos": SKOS.base,
    "prov": PROV.base,
    "schema": SCHEMA.base,
    "oa": OA.base,
    "rdf": RDF.base,
    "rdfs": RDFS.base,
    "owl": OWL.base,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}
