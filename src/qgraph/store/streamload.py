"""One Oxigraph bulk load fed batch after batch, from a thread of its own.

Each ``bulk_load`` call writes its quads as sorted files and hands them to RocksDB; a store
loaded by many calls (one per ingest batch) ends with files whose key ranges overlap, which
RocksDB then compacts again and again in the background: on 100,000 questions in batches of
2,000, compaction took 83 s of CPU on top of the 53 s of the loads themselves, where one call
for the same quads needs no compaction at all. So the ingest opens one load and feeds it
each batch's N-Quads as they are made; the load reads them through a bounded queue (the
producer waits when the loader is behind, so memory stays flat) and parses in its own threads
with the GIL released. A batch is queued in pieces of :data:`PIECE` bytes, not whole: a batch of
2,000 questions is ~33 MB of N-Quads, so two queued batches, the one being read and the one
being joined could hold ~130 MB.

What was fed is in the store once :meth:`StreamLoad.close` has returned. A load cannot take
back quads already fed, so graphs to drop are dropped between two loads (see the ingest).
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Iterable

import pyoxigraph as ox

READ_BUFFER = 1 << 20
PIECE = 4 << 20
"""Bytes of N-Quads per queued piece; the queue holds :data:`QUEUED` of them (~1 s of loading)."""
QUEUED = 4


class _QueueReader(io.RawIOBase):
    """The bytes put in ``chunks``, read in order until a ``None``."""

    def __init__(self, chunks: queue.Queue[bytes | None]) -> None:
        self._chunks = chunks
        self._current = memoryview(b"")
        self.ended = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._current and not self.ended:
            chunk = self._chunks.get()
            if chunk is None:
                self.ended = True
            else:
                self._current = memoryview(chunk)
        n = min(len(buffer), len(self._current))
        buffer[:n] = self._current[:n]
        self._current = self._current[n:]
        return n


class StreamLoad:
    """A bulk load into ``store`` running until :meth:`close`; :meth:`feed` gives it N-Quads."""

    def __init__(self, store: ox.Store, queued: int = QUEUED) -> None:
        self._chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=queued)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(store,), name="qgraph-load", daemon=True)
        self._thread.start()
        self.fed = 0  # bytes
        self._ended = False

    def _run(self, store: ox.Store) -> None:
        reader = _QueueReader(self._chunks)
        try:
            store.bulk_load(input=io.BufferedReader(reader, READ_BUFFER), format=ox.RdfFormat.N_QUADS)
        except BaseException as exc:  # re-raised by close(); the queue is drained so feed() never blocks
            self._error = exc
            while not reader.ended and self._chunks.get() is not None:
                pass

    def feed(self, data: bytes) -> None:
        """Queue ``data`` (whole N-Quads lines); waits while the loader is behind."""
        if data:
            assert not self._ended, "fed after end_input()"
            self._chunks.put(data)
            self.fed += len(data)

    def feed_parts(self, parts: Iterable[bytes]) -> None:
        """Queue ``parts`` (each whole N-Quads lines) in order, joined into pieces of about
        :data:`PIECE` bytes."""
        piece: list[bytes] = []
        size = 0
        for part in parts:
            piece.append(part)
            size += len(part)
            if size >= PIECE:
                self.feed(b"".join(piece))
                piece, size = [], 0
        self.feed(b"".join(piece))

    def end_input(self) -> None:
        """No more input: the load goes on writing in its thread until :meth:`close`."""
        if not self._ended:
            self._ended = True
            self._chunks.put(None)

    def close(self) -> None:
        """End the input, wait for the load to finish, and raise its error if it had one."""
        self.end_input()
        self._thread.join()
        if self._error is not None:
            raise self._error


__all__ = ["StreamLoad"]
