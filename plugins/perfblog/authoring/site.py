"""The site as the authoring commands see it: settings, posts, their metadata.

Everything here reads files only; no Pelican run. Settings come from the same
``pelicanconf.py`` the build uses, so ``check`` and ``new`` agree with it on
paths, slugs and the block kinds that exist.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pelican.settings import read_settings
from pelican.utils import slugify

from ..errors import PerfblogError
from ..plugin import DEFAULTS, load_renderers
from .markdown_text import lines_of

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")

# Python-Markdown's meta extension: "Key: value" lines, indented continuations,
# optional '---' delimiters, ended by the first blank or non-matching line.
META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
META_FENCE = re.compile(r"^-{3}(\s.*)?$")


@dataclass
class Site:
    """Settings read once, plus what every command derives from them."""

    settings: dict
    settings_file: Path
    _all: list[Path] | None = field(default=None, repr=False)
    _slugs: dict[str, list[Path]] | None = field(default=None, repr=False)

    @property
    def content(self) -> Path:
        return Path(self.settings["PATH"]).resolve()

    @property
    def posts_dir(self) -> Path:
        paths = self.settings.get("ARTICLE_PATHS") or [""]
        return self.content / paths[0]

    def slugify(self, text: str) -> str:
        return slugify(
            text,
            regex_subs=self.settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            preserve_case=self.settings.get("SLUGIFY_PRESERVE_CASE", False),
            use_unicode=self.settings.get("SLUGIFY_USE_UNICODE", False),
        )

    def is_page(self, path: Path) -> bool:
        try:
            relative = path.resolve().relative_to(self.content).as_posix()
        except ValueError:
            return False
        return any(relative.startswith(p.rstrip("/") + "/") for p in self.settings.get("PAGE_PATHS", []))

    def ignored(self, name: str) -> bool:
        """Pelican's own rule: IGNORE_FILES globs match file and folder *names*."""
        return any(fnmatch.fnmatch(name, pattern) for pattern in self.settings.get("IGNORE_FILES", []))

    def sources(self, under: Path | None = None) -> list[Path]:
        """Every Markdown file Pelican would read under ``under`` (default: all content)."""
        if under is None:
            if self._all is None:
                self._all = self.sources(self.content)
            return self._all
        found = []
        for root, dirs, files in os.walk(under):
            dirs[:] = sorted(d for d in dirs if not self.ignored(d))
            found += [Path(root) / f for f in files
                      if f.endswith(MARKDOWN_EXTENSIONS) and not self.ignored(f)]
        return sorted(found)

    def slugs(self) -> dict[str, list[Path]]:
        """Slug -> the articles (not pages) that get it, over the whole site."""
        if self._slugs is None:
            self._slugs = defaultdict(list)
            for path in self.sources():
                if not self.is_page(path):
                    try:
                        header = read_header(read_lines(path))
                    except PerfblogError:
                        continue  # 'check' reports the file itself
                    self._slugs[post_slug(self, path, header)].append(path.resolve())
        return self._slugs


def load_site(settings_file: str | Path, content: str | Path | None = None) -> Site:
    """Read ``settings_file`` like ``pelican -s`` does, with perfblog's defaults."""
    path = Path(settings_file)
    if not path.is_file():
        raise PerfblogError(f"no settings file {path} (run perfblog from the site's folder or pass --settings)")
    override = {"PATH": str(Path(content).resolve())} if content else {}
    try:
        settings = read_settings(str(path), override=override)
    except Exception as error:  # a settings file can raise anything; the author needs one line
        raise PerfblogError(f"cannot use these settings: {error}", path=str(path)) from error
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return Site(settings, path.resolve())


def renderers_for(site: Site) -> dict:
    """The block renderers the build would use, or a clear error naming the module."""
    try:
        return load_renderers(site.settings["PERFBLOG_FEATURES"])
    except Exception as error:  # ImportError, or a SyntaxError in a module being edited
        raise PerfblogError(f"cannot load the PERFBLOG_FEATURES modules: {type(error).__name__}: {error}",
                            path=shown(site.settings_file)) from error


@dataclass
class Header:
    """A post's metadata block as written: lower-cased key -> (value, line)."""

    fields: dict[str, tuple[str, int]] = field(default_factory=dict)
    end: int = 0  # index of the first body line

    def value(self, key: str) -> str | None:
        return self.fields[key][0] if key in self.fields else None

    def line(self, key: str, default: int = 1) -> int:
        return self.fields[key][1] if key in self.fields else default


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
    try:
        return lines_of(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise PerfblogError(f"not UTF-8 text (byte {error.start}): save it as UTF-8", path=str(path)) from None


def post_slug(site: Site, path: Path, header: Header) -> str | None:
    """The slug Pelican will give this post (SLUGIFY_SOURCE honoured)."""
    if header.value("slug"):
        return header.value("slug")
    source = header.value("title") if site.settings.get("SLUGIFY_SOURCE") == "title" else path.stem
    return site.slugify(source) if source else None


def shown(path: Path) -> str:
    """``path`` relative to the working directory when it is below it, as compilers print."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
