"""``perfblog new``: a post folder from the project's template, never over another post."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..blocks import PerfblogError
from .site import Site, shown
from .template import fill

DATA_README = """\
# Where the data in this post comes from

One entry per file or folder in data/ and profiles/: the tool and its version, the exact
command, the machine (CPU, OS, load) and the date. `perfblog import` adds a line here for
each file it copies; complete it. This file is never published.
"""


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PerfblogError(f"--date must be YYYY-MM-DD, not '{text}'") from None


def new_post(site: Site, title: str, date: dt.date, author: str | None = None) -> Path:
    """Create ``<posts>/<date>-<slug>/index.md`` and ``data/README.md``; return the post's path."""
    title = " ".join(title.split())
    slug = site.slugify(title)
    if not slug:
        raise PerfblogError(f"cannot make a URL slug from the title '{title}': use some letters or digits")
    folder = site.posts_dir / f"{date.isoformat()}-{slug}"
    if folder.exists():
        raise PerfblogError("a post already exists here; pick another title or --date", path=shown(folder))
    taken = site.slugs().get(slug)
    if taken:
        raise PerfblogError(f"the slug '{slug}' is already used by this post; pick another title", path=shown(taken[0]))
    fields = {"title": title, "date": date.isoformat(), "slug": slug,
              "author": author or site.settings.get("AUTHOR") or "[AUTHOR]"}
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "README.md").write_text(DATA_README, encoding="utf-8")
    post = folder / "index.md"
    post.write_text(fill(fields), encoding="utf-8")
    return post

