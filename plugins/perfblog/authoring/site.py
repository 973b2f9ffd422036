"""The site as the authoring commands see it: settings, posts, their metadata.

Everything here reads files only; no Pelican run. Settings come from the same
``pelicanconf.py`` the build uses, so ``check`` and ``new`` agree with it on
paths, slugs and the block kinds that exist.
"""

from __future__ import annotations

import fnmatch
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pelican.settings import read_settings
from pelican.utils import slugify

from ..blocks import PerfblogError
from ..blocks.kinds import load_kinds
from ..glue.plugin import DEFAULTS, MARKDOWN_EXTENSIONS
from ..glue.posts import Header, posts_only, read_header, read_lines, shown

__all__ = ["Header", "Site", "kinds_for", "load_site", "post_slug", "read_header", "read_lines", "shown"]


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
            found += [os.path.relpath(os.path.join(root, f), self.content) for f in files
                      if f.endswith(tuple(f".{e}" for e in MARKDOWN_EXTENSIONS)) and not self.ignored(f)]
        roots = [*self.settings.get("ARTICLE_PATHS", []), *self.settings.get("PAGE_PATHS", [])]
        return sorted(self.content / f for f in posts_only(found, roots))

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


def kinds_for(site: Site) -> dict:
    """The block kinds the build would use, or a clear error naming the module."""
    try:
        return load_kinds(site.settings["PERFBLOG_FEATURES"])
    except Exception as error:  # ImportError, or a SyntaxError in a module being edited
        raise PerfblogError(f"cannot load the PERFBLOG_FEATURES modules: {type(error).__name__}: {error}",
                            path=shown(site.settings_file)) from error


def post_slug(site: Site, path: Path, header: Header) -> str | None:
    """The slug Pelican will give this post (SLUGIFY_SOURCE honoured)."""
    if header.value("slug"):
        return header.value("slug")
    source = header.value("title") if site.settings.get("SLUGIFY_SOURCE") == "title" else path.stem
    return site.slugify(source) if source else None
