"""The one error type for bad author input, and the located problems the build reports.

Every failure an author can cause (a missing data file, a malformed profile, an
unknown option) is a ``PerfblogError``. Raised inside a data file's parser it
carries the data file's own place (``path``, ``line``, ``key``); raised by a
renderer about its options it carries the post's line and the option's key.
``dispatch`` turns either into one ``Problem`` located in the post, so the build
prints ``post.md:LINE: [key] data/file:LINE: message`` and never a traceback.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


class PerfblogError(Exception):
    """Bad input, located as precisely as we can: file, line, and key."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        key: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.key = key

    def located(self, *, path: str | None = None, line: int | None = None) -> "PerfblogError":
        """Fill in a location the raiser did not know (never overwrite a better one)."""
        if self.path is None:
            self.path = path
        if self.line is None:
            self.line = line
        return self

    def __str__(self) -> str:
        where = self.path or "<unknown>"
        if self.line is not None:
            where += f":{self.line}"
        key = f" [{self.key}]" if self.key else ""
        return f"{where}:{key} {self.message}"


@dataclass(frozen=True, order=True)
class Problem:
    """An error or a warning as the author reads it: ``path:line: [key] message``
    (the level shows in the log's own column, and in ``perfblog check`` lines)."""

    path: str
    line: int
    level: str  # "error" or "warning"
    message: str
    key: str | None = None

    def __str__(self) -> str:
        key = f"[{self.key}] " if self.key else ""
        return f"{self.path}:{self.line}: {key}{self.message}"


def close_names_hint(name: str, candidates) -> str:
    """' (did you mean 'a', 'b'?)' for the names closest to ``name``, or ''."""
    close = difflib.get_close_matches(name, sorted(candidates), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
