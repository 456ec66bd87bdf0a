"""Typed records (stage 2 of the pipeline)."""

from qgraph.records.model import (
    ActeurRecord,
    Attribution,
    Author,
    Closing,
    JOInfo,
    MandatRecord,
    MinistryRef,
    OrganeRecord,
    Origin,
    PersonName,
    QuestionRecord,
    Record,
)

__all__ = [
    "ActeurRecord", "Attribution", "Author", "Closing", "JOInfo", "MandatRecord",
    "MinistryRef", "OrganeRecord", "Origin", "PersonName", "QuestionRecord", "Record",
]
