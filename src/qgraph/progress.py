"""Progress on stderr: a live counter while an ingest runs (silent when not a terminal)."""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as RichProgress


class Progress:
    def __init__(self, label: str, total: int | None = None, enabled: bool = True) -> None:
        self.console = Console(stderr=True)
        self.enabled = enabled and sys.stderr.isatty()
        self._bar = RichProgress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(), console=self.console,
                                 transient=True, disable=not self.enabled)
        self._task = self._bar.add_task(label, total=total)

    def __enter__(self) -> Progress:
        self._bar.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._bar.stop()

    def advance(self, n: int) -> None:
        self._bar.advance(self._task, n)

    def set_total(self, total: int | None) -> None:
        self._bar.update(self._task, total=total)

    def echo(self, message: str) -> None:
        if self.enabled:
            self._bar.console.print(message, markup=False, highlight=False, soft_wrap=True)
        else:
            print(message, file=sys.stderr)
