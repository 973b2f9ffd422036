"""Block syntax: fenced blocks in Markdown that perfblog renders from files.

An author writes, anywhere in a post (also inside a list item or a quote)::

    ```bench
    file: bench/hyperfine.json
    caption: Startup time
    ```

The Markdown extension here does *not* render the block. It records the block
(kind, options, their line numbers) in an inert placeholder. The Pelican glue
replaces placeholders after Pelican's reader has run (``dispatch``), so the
output always reflects the data files as they are now, even when Pelican's
content cache served the article from a previous build (that cache keys only on
the .md file).

Block body grammar: ``key: value`` lines, ``#`` comments, then optionally a
blank line followed by free-form data (for example an inline Markdown table),
available as ``Block.data``. Syntax errors never fail the reader (Pelican would
drop the whole post): they become ``__error__`` placeholders, and an info word
one typo away from a block kind becomes a ``__warning__`` placeholder before the
code block it still is.
"""

from __future__ import annotations

import base64
import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from markdown import Extension
from markdown.preprocessors import Preprocessor

from .errors import PerfblogError

#: Opening fence: an optional quote/indent prefix, 3+ backticks or tildes, then the info word.
FENCE_OPEN = re.compile(
    r"^(?P<prefix>(?:[ ]{0,3}>[ ]?)*[ ]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\s]*)[^`]*$"
)
#: A fence that starts on a list item's own line: ``- ```bench``.
LIST_ITEM_FENCE = re.compile(r"^(?P<marker>[ ]*(?:[-*+]|\d{1,9}[.)])[ ]+)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\s]*)")
OPTION_LINE = re.compile(r"^(?P<key>[A-Za-z][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
PLACEHOLDER = re.compile(r'<div class="perfblog-placeholder" data-block="(?P<payload>[A-Za-z0-9+/=]+)"></div>')
ERROR, WARNING = "__error__", "__warning__"  # kinds of the placeholders the syntax itself makes
TYPO_CUTOFF = 0.75  # difflib ratio above which an unknown info word is taken for a misspelt kind


@dataclass(frozen=True)
class Block:
    """One data block as the author wrote it, with source line numbers.

    ``values`` holds the options typed by the kind's declaration; ``dispatch``
    fills it in before the renderer runs. It is derived, so never part of the payload.
    """

    kind: str
    line: int  # 1-based line of the opening fence in the post's file
    options: dict[str, str] = field(default_factory=dict)
    option_lines: dict[str, int] = field(default_factory=dict)
    data: str = ""
    data_line: int | None = None
    values: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def error(self, message: str, key: str | None = None) -> PerfblogError:
        """An error located at ``key``'s line, or at the fence when no key is given."""
        line = self.option_lines.get(key, self.line) if key else self.line
        return PerfblogError(message, line=line, key=key)

    def option(self, name: str) -> Any:
        """The typed value of a declared option (its default when the author left it out)."""
        return self.values[name]

    def require(self, name: str) -> Any:
        """An option that this use of the block cannot do without."""
        value = self.values[name]
        if not value:
            raise self.error(f"the {self.kind} block needs {needs(name)}")
        return value

    def to_payload(self) -> str:
        raw = json.dumps(
            {
                "kind": self.kind,
                "line": self.line,
                "options": self.options,
                "option_lines": self.option_lines,
                "data": self.data,
                "data_line": self.data_line,
            },
            sort_keys=True,
        )
        return base64.b64encode(raw.encode()).decode("ascii")

    @classmethod
    def from_payload(cls, payload: str) -> "Block":
        return cls(**json.loads(base64.b64decode(payload)))


def needs(name: str) -> str:
    """"a 'file:' line", "an 'after:' line": the words every missing-option message uses."""
    return f"{'an' if name[:1] in 'aeiou' else 'a'} '{name}:' line"


def parse_block(kind: str, fence_line: int, body: list[str]) -> Block:
    """Parse a block body (the lines between the fences)."""
    options: dict[str, str] = {}
    option_lines: dict[str, int] = {}
    data_start = None
    for offset, text in enumerate(body):
        line = fence_line + 1 + offset
        stripped = text.strip()
        if not stripped:
            if options:  # a blank line after options starts the data part
                data_start = offset + 1
                break
            continue
        if stripped.startswith("#"):
            continue
        match = OPTION_LINE.match(stripped)
        if not match:
            if stripped.startswith("|") or "," in stripped:
                data_start = offset  # data with no options before it
                break
            raise PerfblogError(
                f"cannot read this line of the {kind} block: expected 'key: value'",
                line=line,
            )
        key = match["key"].lower().replace("_", "-")
        if key in options:
            raise PerfblogError(f"'{key}' is given twice in this {kind} block", line=line, key=key)
        options[key] = match["value"]
        option_lines[key] = line
    data, data_line = "", None
    if data_start is not None:
        rest = body[data_start:]
        while rest and not rest[0].strip():
            rest, data_start = rest[1:], data_start + 1
        data = "\n".join(rest).rstrip()
        data_line = fence_line + 1 + data_start if data else None
    return Block(kind, fence_line, options, option_lines, data, data_line)


def closing_fence(lines: list[str], start: int, fence: str, prefix: str = "") -> int:
    """Index of the line closing ``fence`` (same char, at least as long), or len(lines)."""
    closer = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    for j in range(start, len(lines)):
        if closer.match(strip_prefix(lines[j], prefix)):
            return j
    return len(lines)


def strip_prefix(line: str, prefix: str) -> str:
    """A line of a quoted or indented block without its prefix (lazy quote lines lose only what they have)."""
    if not prefix or line.startswith(prefix):
        return line[len(prefix):]
    if line.startswith(prefix.rstrip()):
        return line[len(prefix.rstrip()):]
    return line.lstrip(" >") if ">" in prefix else line[len(line) - len(line.lstrip(" ")):]


def is_simple(prefix: str) -> bool:
    """A top-level fence: at most three spaces, no quote marker."""
    return ">" not in prefix and len(prefix) <= 3


def typo_of(info: str, kinds: set[str]) -> str | None:
    """The kind ``info`` misspells, unless ``info`` is a language Pygments knows."""
    close = difflib.get_close_matches(info, sorted(kinds), n=1, cutoff=TYPO_CUTOFF)
    if not close:
        return None
    from pygments.lexers import find_lexer_class_by_name  # only for a near miss: Pygments is slow to load
    from pygments.util import ClassNotFound

    try:
        find_lexer_class_by_name(info)
    except ClassNotFound:
        return close[0]
    return None


class BlockPreprocessor(Preprocessor):
    """Swap each registered fenced block for a placeholder, before ``meta`` runs.

    Running before the ``meta`` preprocessor (priority 27) means ``lines`` still
    has the metadata header, so list indices are the post file's line numbers.
    """

    def __init__(self, md, kinds: set[str]):
        super().__init__(md)
        self.kinds = kinds

    def placeholder(self, block: Block) -> str:
        return self.md.htmlStash.store(f'<div class="perfblog-placeholder" data-block="{block.to_payload()}"></div>')

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(lines):
            match = FENCE_OPEN.match(lines[i])
            if not match:
                i = self.list_item_block(lines, i, out)
                continue
            prefix, fence, info = match["prefix"], match["fence"], match["info"].lower()
            if info not in self.kinds:
                if not is_simple(prefix):  # indented or quoted code that is not ours: leave it to Markdown
                    out.append(lines[i])
                    i += 1
                    continue
                end = closing_fence(lines, i + 1, fence)
                typo = typo_of(info, self.kinds) if info else None
                if typo:
                    warning = f"'{fence}{info}' is not a perfblog block and is shown as code (did you mean '{typo}'?)"
                    out.extend(["", self.placeholder(Block(WARNING, i + 1, {"message": warning})), ""])
                out.extend(lines[i : end + 1])  # ordinary code: copy it untouched, nested fences included
                i = end + 1
                continue
            end = closing_fence(lines, i + 1, fence, prefix)
            block = self.read_block(info, fence, lines, i, end, prefix)
            blank = prefix.rstrip() if ">" in prefix else ""
            out.extend([blank, prefix + self.placeholder(block), blank])
            # keep later line numbers stable for other preprocessors' error messages
            out.extend([blank] * max(0, end - i + 1 - 3))
            i = end + 1
        return out

    def read_block(self, info: str, fence: str, lines: list[str], start: int, end: int, prefix: str) -> Block:
        try:
            if end >= len(lines):
                raise PerfblogError(f"the {info} block opened here is never closed with {fence}", line=start + 1)
            return parse_block(info, start + 1, [strip_prefix(line, prefix) for line in lines[start + 1 : end]])
        except PerfblogError as error:
            return Block(ERROR, error.line or start + 1, {"message": error.message})

    def list_item_block(self, lines: list[str], i: int, out: list[str]) -> int:
        """Copy line ``i``, unless a block's fence shares a list marker's line: that block
        cannot be read, so the whole block becomes an error in that item. Returns the next index."""
        match = LIST_ITEM_FENCE.match(lines[i])
        if not match or match["info"].lower() not in self.kinds:
            out.append(lines[i])
            return i + 1
        end = closing_fence(lines, i + 1, match["fence"], " " * len(match["marker"]))
        message = (f"a {match['info'].lower()} block cannot start on the list item's own line: "
                   "put the fence on the next line, indented like the item's text")
        out.append(match["marker"] + self.placeholder(Block(ERROR, i + 1, {"message": message})))
        out.extend([""] * (min(end, len(lines) - 1) - i))
        return end + 1


class BlocksExtension(Extension):
    """Python-Markdown extension recognising perfblog's data blocks."""

    def __init__(self, **kwargs):
        self.config = {
            "kinds": [[], "info words (after ```) that open a perfblog block"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        kinds = {k.lower() for k in self.getConfig("kinds")}
        md.preprocessors.register(BlockPreprocessor(md, kinds), "perfblog_blocks", 29)


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's required name)
    return BlocksExtension(**kwargs)
