"""What the preview adds to ``make devserver``: pages replaced whole, and a tab that reloads itself.

* Pelican writes each page in place (open, truncate, write), so a browser that asks
  during a rebuild can get an empty or half page. ``AtomicWriter`` writes every page
  to a temporary file beside it and renames it over the old one: a reader gets the
  old page or the new one, never a part.
* With ``PERFBLOG_LIVE_RELOAD`` (``perfblog serve`` turns it on; ``make publish``
  never does) each build ends by writing ``perfblog/build.json``, a build number,
  and the theme loads ``perfblog/reload.js``, which polls that file once a second
  and reloads the tab when the number changes. Nothing of it is in a published site.
"""

from __future__ import annotations

import builtins
import json
import os
import tempfile
import time
from pathlib import Path

from pelican import writers
from pelican.writers import Writer

STAMP = "build.json"


class _Replacing:
    """A text file that appears at ``path`` only when closed, all at once."""

    def __init__(self, path: str, encoding: str):
        folder = os.path.dirname(path) or "."
        os.makedirs(folder, exist_ok=True)
        fd, self.partial = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
        self.path, self.handle = path, os.fdopen(fd, "w", encoding=encoding)

    def __enter__(self):
        return self.handle

    def __exit__(self, kind, value, traceback):
        self.handle.close()
        if kind is None:
            os.chmod(self.partial, 0o644)
            os.replace(self.partial, self.path)
        else:
            os.unlink(self.partial)


class AtomicWriter(Writer):
    """Pelican's writer, except that a page is never seen half-written."""

    def _open_w(self, filename, encoding, override=False):
        """Pelican's own bookkeeping and checks, but its ``open(path, "w")``, which would empty
        the page at once, only tells which file it meant."""
        meant: list[str] = []

        def note(name, *args, **kwargs):
            meant.append(name)
            return builtins.open(os.devnull, "w", encoding=encoding)

        writers.open = note  # found before the builtin by the writer module's own lookups
        try:
            super()._open_w(filename, encoding, override).close()
        finally:
            del writers.open
        if meant[0] == os.devnull:  # Pelican skips this write
            return builtins.open(os.devnull, "w", encoding=encoding)
        return _Replacing(meant[0], encoding)


def stamp_build(assets: Path) -> None:
    """Tell open preview tabs that a build finished."""
    assets.mkdir(parents=True, exist_ok=True)
    partial = assets / f".{STAMP}.tmp"
    partial.write_text(json.dumps({"build": time.time_ns()}))
    os.replace(partial, assets / STAMP)
