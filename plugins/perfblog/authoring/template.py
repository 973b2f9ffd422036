"""The project's post template, and the placeholders it leaves for the author.

The placeholder list is read from the shipped template itself, so ``check``
finds exactly what ``new`` put in, whatever the template says next year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .markdown_text import Line, lines_of, scan

TEMPLATE = Path(__file__).with_name("post_template.md")

#: A bracketed placeholder in the template: "[X]", "[COMPONENT_NAME]", "[Link to PR or commit]".
TOKEN = re.compile(r"\[(?!\^)[^\[\]\n]+\]")
#: Any "[UPPER_CASE]" token in prose counts even if the template does not use it,
#: except where Markdown uses brackets: "[text][REF]", "[REF]: url", "[REF](url)".
GENERIC = re.compile(r"(?<!\])\[[A-Z][A-Z0-9_]*\](?![(\[:])")


def template_text() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Placeholders:
    """Every token the template uses, and those it uses inside code or blocks.

    Inside a post's code (fenced or inline, data blocks included) only the
    latter count: a ``[X]`` in real code is code, ``[before.folded]`` is not.
    """

    tokens: frozenset[str]
    code: frozenset[str]

    def find(self, line: Line) -> list[tuple[int, str]]:
        """(column, token) of each placeholder on ``line``, in order."""
        found = set()
        for match in TOKEN.finditer(line.text):
            token = match[0]
            allowed = self.code if line.in_code(match.start()) else self.tokens
            if token in allowed:
                found.add((match.start(), token))
        for match in GENERIC.finditer(line.text):
            if not line.in_code(match.start()):
                found.add((match.start(), match[0]))
        return sorted(found)


@lru_cache(maxsize=1)
def placeholders() -> Placeholders:
    """The template's tokens, read once per process."""
    tokens, code = set(), set()
    for line in scan(lines_of(template_text())):
        for match in TOKEN.finditer(line.text):
            tokens.add(match[0])
            if line.in_code(match.start()):
                code.add(match[0])
    return Placeholders(frozenset(tokens), frozenset(code))


def fill(fields: dict[str, str]) -> str:
    """The template with the named metadata fields (lower-case keys) filled in."""
    lines = template_text().split("\n")
    for i, line in enumerate(lines[: lines.index("")]):
        key = line.partition(":")[0]
        if key.lower() in fields:
            lines[i] = f"{key}: {fields[key.lower()]}"
    return "\n".join(lines)
