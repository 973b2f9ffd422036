"""``perfblog init DIR``: a new blog that builds and serves with the installed package alone.

The files come from ``starter/`` (settings, Makefile, Pages workflow, README,
one short post with real hyperfine output beside it); ``__NAME__``, ``__AUTHOR__``
and ``__DATE__`` are filled in (a quoted one as a Python literal, so the starter's
settings stay valid Python), and ``DATE`` in a path becomes the date. A folder
that is not empty is refused.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..blocks import PerfblogError

STARTER = Path(__file__).resolve().parent / "starter"
TEXT = {".py", ".md", ".txt", ".yml", "", ".gitignore"}
FOLDERS = ("content/pages", "content/extra")  # empty in the starter, expected by the settings


def fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        token = f"__{key.upper()}__"
        text = text.replace(f'"{token}"', repr(value)).replace(token, value)
    return text


def init_site(folder: Path, name: str, author: str, date: dt.date) -> list[Path]:
    """Write the starter site into ``folder`` (new or empty); return the files written."""
    if folder.exists() and any(folder.iterdir()):
        raise PerfblogError(f"{folder} is not empty: perfblog init writes a new site into a new folder")
    values = {"name": name, "author": author, "date": date.isoformat()}
    written = []
    for source in sorted(p for p in STARTER.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        relative = source.relative_to(STARTER).as_posix().replace("DATE", date.isoformat())
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix in TEXT or source.name.startswith("."):
            target.write_text(fill(source.read_text(encoding="utf-8"), values), encoding="utf-8")
        else:
            target.write_bytes(source.read_bytes())
        written.append(target)
    for empty in FOLDERS:
        (folder / empty).mkdir(parents=True, exist_ok=True)
    return written
