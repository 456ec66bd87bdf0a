"""qgraph's typed errors. The CLI prints ``Error: {message}`` on one line and exits 1
(data, store, query errors) or 2 (usage errors)."""

from __future__ import annotations


class QGraphError(Exception):
    """Base of every error qgraph raises on purpose."""

    exit_code = 1

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


class SourceError(QGraphError):
    """An input file or one record in it could not be read.

    ``file`` is the path (``path:member`` for a zip member), ``record`` the uid or position.
    """

    def __init__(self, file: str, reason: str, record: str | None = None) -> None:
        super().__init__(reason)
        self.file = file
        self.record = record

    def __str__(self) -> str:
        where = f"{self.file}: {self.record}" if self.record else self.file
        return f"{where}: {self.reason}"


class MappingError(SourceError):
    """A record was read but cannot be turned into RDF (a required field is missing)."""


class StoreError(QGraphError):
    """The store cannot be opened, is in use, or has an incompatible format."""


class QueryError(QGraphError):
    """A query is unknown, malformed, or was given bad parameters."""


class UsageError(QGraphError):
    """The command was called wrongly (exit status 2)."""

    exit_code = 2
