"""Images and links a post's source refers to, and where each one points on disk.

Found in the Markdown source (inline, reference-style and raw HTML), outside
code, with their line numbers, so ``check`` can say which line is broken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from .markdown_text import Line

_URL = r"\s*(?P<url><[^>\n]*>|[^)\s]*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
INLINE_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(" + _URL)
INLINE_LINK = re.compile(r"(?<![!\]\\])\[(?P<text>[^\]]*)\]\(" + _URL)
REF_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\[(?P<ref>[^\]]*)\]")
REF_LINK = re.compile(r"(?<![!\]\\])\[(?P<text>[^\]]+)\]\[(?P<ref>[^\]]*)\]")
REF_DEFINITION = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:\s*(?P<url><[^>]*>|\S+)")
HTML_TAG = re.compile(r"<(?P<tag>img|a)\b(?P<attrs>[^>]*)>", re.IGNORECASE)
HTML_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
#: Pelican's link syntax: {filename}, {attach}, {static} (or the old |filename|).
INTERNAL = re.compile(r"^(?:\{(?P<a>filename|attach|static)\}|\|(?P<b>filename|attach|static)\|)(?P<path>.*)$")
OTHER_PELICAN = re.compile(r"^(?:\{\w+\}|\|\w+\|)")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Reference:
    """One image or link as written in the source."""

    line: int
    url: str
    image: bool
    alt: str | None = None  # images only; None when an <img> has no alt attribute at all


@dataclass(frozen=True)
class Target:
    """Where a reference points: ``pelican`` is 'filename'/'attach'/'static', or '' for a plain path."""

    pelican: str
    path: Path
    written: str  # the path as written, without the {tag}, fragment and query


def references(lines: list[Line]) -> tuple[list[Reference], list[tuple[int, str]]]:
    """Every image and link outside code, and the reference labels used but never defined."""
    found: list[Reference] = []
    definitions = {}
    used_labels: list[tuple[int, str]] = []
    for line in lines:
        if line.fenced:
            continue
        text = line.text
        if (definition := REF_DEFINITION.match(text)) and not line.in_code(0):
            definitions[definition["label"].lower()] = definition["url"].strip("<>")
            found.append(Reference(line.number, definitions[definition["label"].lower()], image=False))
            continue
        for match in _outside_code(INLINE_IMAGE, line):
            found.append(Reference(line.number, match["url"].strip("<>"), True, match["alt"]))
        for match in _outside_code(INLINE_LINK, line):
            found.append(Reference(line.number, match["url"].strip("<>"), False))
        for match in _outside_code(REF_IMAGE, line):
            found.append(Reference(line.number, "", True, match["alt"]))
            used_labels.append((line.number, (match["ref"] or match["alt"]).lower()))
        for match in _outside_code(REF_LINK, line):
            used_labels.append((line.number, (match["ref"] or match["text"]).lower()))
        for match in _outside_code(HTML_TAG, line):
            attrs = {m[1].lower(): m[2] or m[3] or m[4] or "" for m in HTML_ATTR.finditer(match["attrs"])}
            if match["tag"].lower() == "img":
                found.append(Reference(line.number, attrs.get("src", ""), True, attrs.get("alt")))
            elif "href" in attrs:
                found.append(Reference(line.number, attrs["href"], False))
    undefined = [(n, label) for n, label in used_labels if label not in definitions]
    return found, undefined


def _outside_code(pattern: re.Pattern, line: Line):
    return (m for m in pattern.finditer(line.text) if not line.in_code(m.start()))


def target(url: str, post: Path, content_root: Path) -> Target | None:
    """The file a URL names, or None for URLs that are not files of this site's source."""
    if not url or url.startswith(("#", "//")) or SCHEME.match(url):
        return None
    internal = INTERNAL.match(url)
    if not internal:
        if OTHER_PELICAN.match(url) or url.startswith("/"):
            return None  # {tag}rust, {index}, site-absolute URLs: not source files
    kind = (internal["a"] or internal["b"]) if internal else ""
    written = unquote(re.split(r"[#?]", internal["path"] if internal else url, maxsplit=1)[0])
    if not written:
        return None
    base = content_root if written.startswith("/") else post.parent
    return Target(kind, (base / written.lstrip("/")).resolve(), written)
