"""Site search with Pagefind, built at the end of a production build (``PERFBLOG_SEARCH``).

Pagefind (the PyPI package ships its binary) indexes the written pages into
``output/pagefind/``: a static index and a small UI, fetched only by the search
page, so search works offline and under a subpath. Only post bodies are indexed
(``data-pagefind-body`` in the theme), each result carrying its headline result.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def build_index(output: Path) -> str | None:
    """Index ``output``; the reason when it could not be done, else None."""
    try:
        done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(output), "--silent"],
                              capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"the search index was not built: {error}"
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()
        return "the search index was not built: " + (reason[-1] if reason else f"pagefind exited {done.returncode}")
    return None
