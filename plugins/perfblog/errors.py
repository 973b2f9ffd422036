"""The one error type perfblog raises for bad author input.

Every failure an author can cause (a missing data file, a malformed profile, an
unknown option) is a ``PerfblogError`` that knows *where* it happened, so the
build can print ``path:line: message`` instead of a traceback.
"""

from __future__ import annotations


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
