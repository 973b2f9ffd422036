"""Posts as files: which files are posts, their metadata lines, and post-level problems.

A post is a folder with an ``index.md`` (``content/posts/<date>-<slug>/index.md``):
everything else in that folder and below is data, whatever its extension, so a
tool's own Markdown export in ``data/`` never becomes an article. Problems with
the post itself (not UTF-8, a date Pelican cannot read, a duplicate slug) are
told with the post's file and line, like block problems.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pelican.readers import MarkdownReader

from ..blocks import PerfblogError, Problem
from . import parallel

INDEX = "index"
# Python-Markdown's meta extension: "Key: value" lines, indented continuations,
# optional '---' delimiters, ended by the first blank or non-matching line.
META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
META_FENCE = re.compile(r"^-{3}(\s.*)?$")


@dataclass
class Header:
    """A post's metadata block as written: lower-cased key -> (value, line)."""

    fields: dict[str, tuple[str, int]] = field(default_factory=dict)
    end: int = 0  # index of the first body line

    def value(self, key: str) -> str | None:
        return self.fields[key][0] if key in self.fields else None

    def line(self, key: str, default: int = 1) -> int:
        return self.fields[key][1] if key in self.fields else default


def lines_of(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_header(lines: list[str]) -> Header:
    """The header as Python-Markdown's meta extension reads it, keeping each line number."""
    header = Header()
    i, last = 0, None
    if lines and META_FENCE.match(lines[0]):
        i = 1
    while i < len(lines):
        text = lines[i]
        if (meta := META_LINE.match(text)):
            last = meta["key"].lower()
            header.fields.setdefault(last, (meta["value"].strip(), i + 1))
        elif last and (more := META_MORE.match(text)):
            value, line = header.fields[last]
            header.fields[last] = (f"{value} {more['value'].strip()}", line)
        else:
            if META_FENCE.match(text):
                i += 1
            break
        i += 1
    header.end = i
    return header


def read_lines(path: Path) -> list[str]:
    """A source file's lines; Pelican reads posts as UTF-8, so must we."""
    data = path.read_bytes()
    try:
        return lines_of(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PerfblogError(f"not UTF-8 text (byte {error.start}): save it as UTF-8", path=str(path),
                            line=line) from None


def header_line(path: str, key: str) -> int:
    """The line of ``key:`` in a post's header (1 when it is not there or unreadable)."""
    try:
        return read_header(read_lines(Path(path))).line(key.lower())
    except (OSError, PerfblogError):
        return 1


def shown(path: str | Path) -> str:
    """A path as messages show it: relative to the working directory, as compilers do."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def posts_only(files: list[str], roots: list[str]) -> list[str]:
    """Pelican's candidate files without the files inside a post's folder, which are its data.

    A post's folder is one below a root (``ARTICLE_PATHS``/``PAGE_PATHS``) that holds an ``index.*``.
    """
    tops = {os.path.normpath(r) for r in roots} | {"", "."}
    posts = {os.path.dirname(f) for f in files if _stem(f) == INDEX} - tops

    def inside_post(path: str) -> bool:
        folder = os.path.dirname(path)
        if _stem(path) == INDEX:  # its own folder makes it a post; a post further up makes it data
            folder = os.path.dirname(folder)
        while folder not in tops and folder not in posts and folder not in ("", os.sep):
            folder = os.path.dirname(folder)
        return folder in posts

    return [f for f in files if not inside_post(f)]


def data_folders(content: str, paths: list[str], roots: list[str]) -> list[str]:
    """The folders inside post folders below ``paths`` (relative to ``content``): all data.

    Pelican walks every file of the folders it is given, checking each against
    ``IGNORE_FILES``; excluding these folders keeps it out of a post's data.
    """
    tops = {os.path.normpath(r) for r in roots} | {"", "."}
    found: list[str] = []
    for path in paths:
        for folder, dirs, files in os.walk(os.path.join(content, path), followlinks=True):
            relative = os.path.normpath(os.path.relpath(folder, content))
            if relative not in tops and any(_stem(name) == INDEX for name in files):
                found += [os.path.join(relative, name) for name in dirs]
                dirs.clear()
    return found


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


class UnreadablePost(Exception):
    """A post Pelican cannot read; ``problem`` says where and why."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class ReadAhead:
    """Posts the pool reads before Pelican's reader asks for them, handed over when it does.

    A post saved since it was listed is read again when asked for, as is one whose reading
    failed in a worker (so its error is raised where a serial build raises it).
    """

    def __init__(self, read: Callable[[str], tuple], paths: list[str], settings: dict):
        self.stamps = {path: _stamp(path) for path in paths}
        self.ready: dict[str, object] = {}
        self.results = parallel.run_all(read, paths, settings)
        self.pending = zip(paths, self.results)

    def take(self, path: str) -> tuple | None:
        """``(content, metadata)`` of the post at ``path``, or None when it must be read now."""
        stamp = self.stamps.pop(path, None)
        if stamp is None:
            return None
        while path not in self.ready:
            ahead, result = next(self.pending)
            self.ready[ahead] = result
        result = self.ready.pop(path)
        if not self.stamps:
            self.close()
        return None if result is parallel.REDO or _stamp(path) != stamp else result

    def close(self) -> None:
        """Stop the pool (Pelican asked for every post, or stopped asking)."""
        self.stamps, self.ready = {}, {}
        self.results.close()


def _stamp(path: str) -> tuple[int, ...] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


class LocatedMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, whose failures name the post's line and the reason."""

    read_ahead: ReadAhead | None = None  # set while a pool reads this generator's posts

    def read(self, source_path):
        early = self.read_ahead.take(source_path) if self.read_ahead is not None else None
        if early is not None:
            self._source_path = source_path
            return early
        return self.read_now(source_path)

    def read_now(self, source_path):
        """Read the post in this process (what the pool's workers run)."""
        try:
            return super().read(source_path)
        except UnicodeDecodeError:  # read again only now, to say which line holds the bad byte
            try:
                read_lines(Path(source_path))
            except PerfblogError as error:
                raise UnreadablePost(Problem(shown(source_path), error.line or 1, "error", error.message)) from None
            raise

    def process_metadata(self, name, value):
        try:
            return super().process_metadata(name, value)
        except Exception as error:  # noqa: BLE001 - get_date and friends raise what they like
            line = header_line(self._source_path, name)
            hint = " (write YYYY-MM-DD or YYYY-MM-DD HH:MM)" if name.lower() in ("date", "modified") else ""
            raise UnreadablePost(Problem(shown(self._source_path), line, "error",
                                         f"cannot read {name.capitalize()}: '{value}': {error}{hint}",
                                         name.capitalize())) from None
