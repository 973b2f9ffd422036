"""Data blocks: fenced blocks in Markdown that perfblog renders from files.

An author writes, anywhere in a post::

    ```bench
    file: bench/hyperfine.json
    caption: Startup time
    ```

The Markdown extension here does *not* render the block. It records the block
(kind, options, their line numbers) in an inert placeholder. The plugin glue
replaces placeholders after Pelican's reader has run, so the output always
reflects the data files as they are now, even when Pelican's content cache
served the article from a previous build (that cache keys only on the .md file).

Block body grammar: ``key: value`` lines, ``#`` comments, then optionally a
blank line followed by free-form data (for example an inline Markdown table),
available as ``Block.data``.
"""

from __future__ import annotations

import base64
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from markdown import Extension
from markdown.preprocessors import Preprocessor

from .errors import PerfblogError

#: Opening fence: up to 3 spaces, 3+ backticks or tildes, then the info word.
FENCE_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\s]*)[^`]*$")
OPTION_LINE = re.compile(r"^(?P<key>[A-Za-z][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
PLACEHOLDER = re.compile(r'<div class="perfblog-placeholder" data-block="(?P<payload>[A-Za-z0-9+/=]+)"></div>')


@dataclass(frozen=True)
class Block:
    """One data block as the author wrote it, with source line numbers."""

    kind: str
    line: int  # 1-based line of the opening fence in the post's file
    options: dict[str, str] = field(default_factory=dict)
    option_lines: dict[str, int] = field(default_factory=dict)
    data: str = ""
    data_line: int | None = None

    def error(self, message: str, key: str | None = None) -> PerfblogError:
        """An error located at ``key``'s line, or at the fence when no key is given."""
        line = self.option_lines.get(key, self.line) if key else self.line
        return PerfblogError(message, line=line, key=key)

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.options.get(key, default)

    def require(self, key: str) -> str:
        value = self.options.get(key, "")
        if not value:
            raise self.error(f"the {self.kind} block needs a '{key}:' line", key=None)
        return value

    def check_keys(self, allowed: set[str]) -> None:
        """Reject typos early: an unknown key is almost always a misspelt known one."""
        for key in self.options:
            if key not in allowed:
                hint = close_names_hint(key, allowed)
                raise self.error(
                    f"unknown option '{key}' for a {self.kind} block{hint}", key=key
                )

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


def close_names_hint(name: str, candidates) -> str:
    """' (did you mean 'a', 'b'?)' for the names closest to ``name``, or ''."""
    close = difflib.get_close_matches(name, sorted(candidates), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


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


class BlockPreprocessor(Preprocessor):
    """Swap each registered fenced block for a placeholder, before ``meta`` runs.

    Running before the ``meta`` preprocessor (priority 27) means ``lines`` still
    has the metadata header, so list indices are the post file's line numbers.
    """

    def __init__(self, md, kinds: set[str]):
        super().__init__(md)
        self.kinds = kinds

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(lines):
            match = FENCE_OPEN.match(lines[i])
            if not match:
                out.append(lines[i])
                i += 1
                continue
            fence, info = match["fence"], match["info"].lower()
            end = closing_fence(lines, i + 1, fence)
            if info not in self.kinds:  # ordinary code: copy it untouched, nested fences included
                out.extend(lines[i : end + 1])
                i = end + 1
                continue
            try:
                if end >= len(lines):
                    raise PerfblogError(
                        f"the {info} block opened here is never closed with {fence}", line=i + 1
                    )
                block = parse_block(info, i + 1, lines[i + 1 : end])
            except PerfblogError as error:
                # Never fail the reader: Pelican would drop the whole post. The
                # glue reports this with the post's path and shows an error box.
                block = Block("__error__", error.line or i + 1, {"message": error.message})
            html = f'<div class="perfblog-placeholder" data-block="{block.to_payload()}"></div>'
            out.extend(["", self.md.htmlStash.store(html), ""])
            # keep later line numbers stable for other preprocessors' error messages
            out.extend([""] * max(0, end - i + 1 - 3))
            i = end + 1
        return out


def closing_fence(lines: list[str], start: int, fence: str) -> int:
    """Index of the line closing ``fence`` (same char, at least as long), or len(lines)."""
    closer = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    for j in range(start, len(lines)):
        if closer.match(lines[j]):
            return j
    return len(lines)


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


# --- rendering -----------------------------------------------------------

@dataclass
class BlockContext:
    """What a renderer may know about the post it renders into."""

    post_path: Path  # absolute path of the post's source file
    content_root: Path  # absolute path of Pelican's PATH
    block_id: str  # unique within the page: prefix every id the block emits with it
    settings: Mapping[str, Any]
    metadata: Mapping[str, Any]
    render_template: Callable[..., str]  # render_template(name, **variables) -> str
    assets: set[str] = field(default_factory=set)  # static files the page must load

    def resolve(self, relative: str, key: str, block: Block) -> Path:
        """A data path named in a block, relative to the post's folder, kept inside content/."""
        if not relative:
            raise block.error(f"'{key}' is empty", key=key)
        candidate = (self.post_path.parent / relative).resolve()
        root = self.content_root.resolve()
        if candidate != root and root not in candidate.parents:
            raise block.error(f"'{relative}' is outside the content folder", key=key)
        if not candidate.exists():
            raise block.error(f"no such file: {relative}", key=key)
        return candidate

    def need(self, asset: str) -> None:
        """Ask for a static asset (e.g. 'flame.js') to be loaded by the page."""
        self.assets.add(asset)


Renderer = Callable[[Block, BlockContext], str]
