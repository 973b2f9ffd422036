"""What a renderer may know and do: the post, its data files (sandboxed), templates, warnings.

Every data path a block names goes through ``BlockContext.resolve``, which is
the sandbox: the path must stay inside ``content/``, exist, be a regular file
or a folder (a FIFO or a device would hang the build), and be smaller than the
input limit. It runs before anything reads, hashes or caches the path.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from .kinds import Notice
from .syntax import Block

MEGABYTE = 1024 * 1024
DEFAULT_MAX_INPUT_MB = 256
#: Raw files published under their own suffix: served as data (JSON, CSV, text, gzip), never run by a browser.
DATA_SUFFIXES = (".json", ".csv", ".tsv", ".txt", ".gz")
#: Where a number came from, "file:line" or "file [key]": the file part.
SOURCE_FILE = re.compile(r"(?P<file>.*?)(?::\d+| \[[^\]]*\])?")
#: A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = frozenset("=+-@\t\r")
NEEDS_QUOTES = re.compile(r'[,"\r\n]')


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
    notices: list[Notice] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)  # resolved absolute path -> the option naming it
    files: list[tuple[str, bytes | Path]] = field(default_factory=list)  # published beside the page

    def resolve(self, relative: str, key: str, block: Block) -> Path:
        """A data path named in a block, relative to the post's folder, checked by the sandbox."""
        if not relative:
            raise block.error(f"'{key}' is empty", key=key)
        candidate = (self.post_path.parent / relative).resolve()
        root = self.content_root.resolve()
        if candidate != root and root not in candidate.parents:
            raise block.error(f"'{relative}' is outside the content folder", key=key)
        try:
            st = os.stat(candidate)
        except FileNotFoundError:
            raise block.error(f"no such file: {relative}", key=key) from None
        except OSError as error:
            raise block.error(f"cannot read {relative}: {error.strerror}", key=key) from None
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
            raise block.error(f"{relative} is not a regular file or folder (a pipe or a device?)", key=key)
        limit = self.max_input_bytes()
        size = st.st_size if stat.S_ISREG(st.st_mode) else folder_size(candidate, limit)
        if size > limit:
            raise block.error(
                f"{relative} is {size / MEGABYTE:,.1f} MB, over the limit of {limit // MEGABYTE:,} MB "
                "a block may read (PERFBLOG_MAX_INPUT_MB)", key=key)
        self.inputs.setdefault(str(candidate), key)
        return candidate

    def max_input_bytes(self) -> int:
        return int(self.settings.get("PERFBLOG_MAX_INPUT_MB", DEFAULT_MAX_INPUT_MB) * MEGABYTE)

    def need(self, asset: str) -> None:
        """Ask for a static asset (e.g. 'flame.js') to be loaded by the page."""
        self.assets.add(asset)

    def publish(self, suffix: str, data: bytes | Path) -> str:
        """A file published beside the page (``<block id><suffix>``): ``data``, or a copy of the
        file at a resolved path (one of the block's inputs, so the cache notices it change, and
        copied only when the site is written); returns the link to it."""
        name = f"{self.block_id}{suffix}"
        self.files.append((name, data))
        return name

    def publish_csv(self, header: list[str], rows: Iterable[list[str]], part: str = "") -> str:
        """The numbers a figure or table shows, as a CSV file beside the page; returns its link.

        ``part`` tells apart the figures of one block (``-before``, ``-after``)."""
        return self.publish(f"{part}.csv", csv_bytes(header, rows))

    def raw_links(self, sources: Iterable[str] = ()) -> list[dict]:
        """Links to the data files the block read, published beside the page.

        A file named as data (``DATA_SUFFIXES``) keeps its suffix; any other (an ``.xml``,
        ``.html`` or ``.svg`` a browser would run, a ``callgrind.out``) is published as
        ``.txt``. Of a folder, only the files ``sources`` name ("file:line", relative to the
        post) are published: Criterion's ``estimates.json``, not the whole report.
        """
        post = os.path.realpath(self.post_path.parent)
        known = {post: post}  # the sources of one table share their folders
        named = [real_path(os.path.join(post, SOURCE_FILE.fullmatch(s)["file"]), known)
                 for s in dict.fromkeys(sources) if s]
        found: list[str] = []
        for resolved in list(self.inputs):  # resolved paths, as the named ones: plain prefixes tell
            inside = [resolved] if os.path.isfile(resolved) else [
                n for n in named if n.startswith(resolved + os.sep) and os.path.isfile(n)]
            found.extend(p for p in inside if p not in found)
        links = []
        for number, path in enumerate(found, 1):
            extension = Path(path).suffix.lower()
            shown = extension in DATA_SUFFIXES
            suffix = extension if shown else f"{extension}.txt"
            name = path[len(post) + 1:] if path.startswith(post + os.sep) else os.path.basename(path)
            links.append(dict(name=name, href=self.publish(f"-data-{number}{suffix}", Path(path)),
                              download=name.replace("/", "_") + ("" if shown else ".txt")))
        return links

    def warn(self, name: str, message: str, key: str | None = None) -> None:
        """A warning about this block; the author accepts it with ``allow: name``."""
        self.notices.append(Notice(name, message, key))

    def option_for(self, path: str) -> str | None:
        """The option that named ``path`` or a folder holding it."""
        target = Path(path)
        for resolved, key in self.inputs.items():
            if target == Path(resolved) or Path(resolved) in target.parents:
                return key
        return None


def real_path(path: str, known: dict[str, str]) -> str:
    """``os.path.realpath(path)`` of an absolute path, remembering each folder's in ``known``.

    Resolving a path is resolving its folder, then its name there, which needs
    a look only if it is a link (or ``..``); sources in the same folders so
    cost one ``lstat`` per new name, not one per folder of every path.
    """
    if path in known:
        return known[path]
    folder, name = os.path.split(path)
    if not name or folder == path:
        return os.path.realpath(path)
    joined = os.path.join(real_path(folder, known), name)
    known[path] = os.path.realpath(joined) if name in (".", "..") or os.path.islink(joined) else joined
    return known[path]


def csv_bytes(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """UTF-8 CSV, ``\\n`` line ends, cells as ``csv_cell`` writes them.

    Tables repeat their cells (a flame graph's 16,000 frames share a few
    hundred names and totals), so each distinct cell is written once: a third
    of the time the csv module took.
    """
    seen: dict[str, str] = {}
    lines = []
    for row in (header, *rows):
        cells = [seen.get(cell) or seen.setdefault(cell, csv_cell(cell)) for cell in map(str, row)]
        lines.append(",".join(cells) or '""')  # a lone empty cell is quoted, or the row would vanish
    lines.append("")
    return "\n".join(lines).encode("utf-8")


def csv_cell(cell: str) -> str:
    """One CSV field: quoted (RFC 4180) if it holds a comma, a quote or a line break, and with a
    leading ``'`` if a spreadsheet would run it as a formula.

    Numbers such as ``-5.2`` or ``+12%`` stay as they are: only cells that start like a
    formula and hold a call, a reference or a DDE pipe (``(``, ``!``, ``|``, ``=``) are guarded.
    """
    if cell[:1] in FORMULA_START:
        cell = _inert(cell)
    return '"' + cell.replace('"', '""') + '"' if NEEDS_QUOTES.search(cell) else cell


def _inert(cell: str) -> str:
    """``cell``, which starts like a formula, guarded when a spreadsheet would run it."""
    risky = cell[0] in "=@\t\r" or any(c in cell for c in "(!|=")
    return "'" + cell if risky else cell


def folder_size(folder: Path, stop_above: int) -> int:
    """Bytes in the regular files below ``folder``, counting stops once past ``stop_above``."""
    total, pending = 0, [folder]
    while pending:  # os.walk's rule: into folders, not into links to folders; a link to a file counts
        try:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                    elif entry.is_file():
                        total += entry.stat().st_size
                        if total > stop_above:
                            return total
        except OSError:
            continue
    return total
