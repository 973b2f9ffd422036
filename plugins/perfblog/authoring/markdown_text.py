"""Just enough Markdown structure to check a post line by line: where code is.

Checks must not report a ``[X]`` in a Rust snippet or an image inside a code
sample, and they must keep the source's line numbers, so they work on lines
of the source and ask this module which characters are code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..blocks.syntax import FENCE_OPEN, closing_fence
from ..glue.posts import lines_of

INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")


@dataclass(frozen=True)
class Line:
    """One source line: its number, its text, and which parts are code."""

    number: int  # 1-based
    text: str
    fenced: bool = False  # inside (or opening/closing) a fenced block of any kind
    code_spans: list[tuple[int, int]] = field(default_factory=list)

    def in_code(self, position: int) -> bool:
        return self.fenced or any(start <= position < end for start, end in self.code_spans)


def scan(lines: list[str], first: int = 0) -> list[Line]:
    """``Line``s for ``lines[first:]``; fenced blocks (code or data) are marked whole."""
    out: list[Line] = []
    i = first
    while i < len(lines):
        opening = FENCE_OPEN.match(lines[i])
        if opening:
            end = min(closing_fence(lines, i + 1, opening["fence"], opening["prefix"]), len(lines) - 1)
            out += [Line(n + 1, lines[n], fenced=True) for n in range(i, end + 1)]
            i = end + 1
            continue
        spans = [m.span() for m in INLINE_CODE.finditer(lines[i])]
        out.append(Line(i + 1, lines[i], code_spans=spans))
        i += 1
    return out
