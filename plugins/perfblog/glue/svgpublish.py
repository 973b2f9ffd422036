"""No file with active content at a URL of the site: published SVGs are sanitized.

Pelican copies static files as they are, ``{attach}`` links included, and an
SVG opened on its own runs its scripts on the site's origin. After Pelican has
written everything, each SVG it published from ``content/`` is replaced by its
sanitized copy (``media.svgsafe``); one that cannot be read as SVG is removed
and reported. Pages and scripts attached from posts are reported: they would
run on the site's origin too.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..blocks import Problem
from ..media.svgsafe import sanitize
from .posts import shown

ACTIVE = (".html", ".htm", ".xhtml", ".js", ".mjs")


class Published:
    """The static files of the last run, by their output path."""

    def __init__(self):
        self.files: list = []

    def remember(self, generator) -> None:
        self.files = list(generator.staticfiles)

    def sanitize(self, output: Path) -> list[Problem]:
        problems = []
        for static in self.files:
            target = output / static.save_as
            suffix = target.suffix.lower()
            if suffix == ".svg" and target.is_file():
                try:
                    clean = sanitize(target.read_bytes())
                except ValueError as error:
                    target.unlink()
                    problems.append(Problem(shown(static.source_path), 1, "error",
                                            f"{error}; it was not published"))
                    continue
                partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
                partial.write_bytes(clean)
                os.replace(partial, target)  # a new file: a hard link back into content/ stays untouched
            elif suffix in ACTIVE:
                problems.append(Problem(shown(static.source_path), 1, "warning",
                                        f"published as it is at {static.url}: a page or script there runs "
                                        "with this site's origin; publish it elsewhere or link to its source"))
        return problems
