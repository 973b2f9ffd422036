"""Before/after code as rows of a diff, each line already highlighted."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from markupsafe import Markup, escape
from pygments.lexer import Lexer
from pygments.token import STANDARD_TYPES


@dataclass(frozen=True)
class Row:
    """One line of the unified diff: ``kind`` is 'same', 'del', 'add' or 'skip' (folded context)."""

    kind: str
    old: int | None  # line number before (1-based), None when the line is new
    new: int | None
    html: Markup  # the highlighted line ('' for skip)
    skipped: int = 0


@dataclass(frozen=True)
class Pair:
    """One row of the side-by-side view: the line before and the line after (either may be absent)."""

    kind: str  # 'same', 'change', 'del', 'add' or 'skip'
    old: Row | None
    new: Row | None


def css_class(token_type) -> str:
    while token_type not in STANDARD_TYPES:
        token_type = token_type.parent
    return STANDARD_TYPES[token_type]


def highlighted_lines(text: str, lexer: Lexer) -> list[Markup]:
    """Each source line as HTML with Pygments' CSS classes; tokens spanning lines are split, not broken."""
    lines: list[list[str]] = [[]]
    for token_type, value in lexer.get_tokens(text):
        for number, part in enumerate(value.split("\n")):
            if number:
                lines.append([])
            if part:
                cls = css_class(token_type)
                lines[-1].append(f'<span class="{cls}">{escape(part)}</span>' if cls else str(escape(part)))
    if text.endswith("\n") or not lines[-1]:
        lines.pop()
    return [Markup("".join(parts)) for parts in lines]


def rows(before: str, after: str, lexer: Lexer, context: int) -> list[Row]:
    """The unified diff with ``context`` unchanged lines around each change; longer runs folded."""
    old_lines, new_lines = before.splitlines(), after.splitlines()
    old_html, new_html = highlighted_lines(before, lexer), highlighted_lines(after, lexer)
    out: list[Row] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            run = list(range(i2 - i1))
            more_after = i2 < len(old_lines) or j2 < len(new_lines)
            keep = [k for k in run if (k < context and i1 > 0) or (k >= len(run) - context and more_after)]
            shown = set(keep) if len(run) > 2 * context + 1 else set(run)
            for k in run:
                if k in shown:
                    out.append(Row("same", i1 + k + 1, j1 + k + 1, new_html[j1 + k]))
                elif not out or out[-1].kind != "skip":
                    out.append(Row("skip", None, None, Markup(""), skipped=len(run) - len(shown)))
            continue
        out += [Row("del", i + 1, None, old_html[i]) for i in range(i1, i2)]
        out += [Row("add", None, j + 1, new_html[j]) for j in range(j1, j2)]
    return out


def pairs(unified: list[Row]) -> list[Pair]:
    """The same rows side by side: each run of deletions beside the additions that follow it."""
    out: list[Pair] = []
    i = 0
    while i < len(unified):
        row = unified[i]
        if row.kind in ("same", "skip"):
            out.append(Pair(row.kind, row, row))
            i += 1
            continue
        dels, adds = [], []
        while i < len(unified) and unified[i].kind == "del":
            dels.append(unified[i])
            i += 1
        while i < len(unified) and unified[i].kind == "add":
            adds.append(unified[i])
            i += 1
        for k in range(max(len(dels), len(adds))):
            old, new = (dels[k] if k < len(dels) else None), (adds[k] if k < len(adds) else None)
            out.append(Pair("change" if old and new else "del" if old else "add", old, new))
    return out
