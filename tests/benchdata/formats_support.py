"""Shared by the test_formats_* modules: a fixture's measurements, and a block rendered to table rows."""

from __future__ import annotations

import re

from bench_support import FIXTURES, block, make_context, render_kind

__all__ = ["FIXTURES", "fixture", "notes", "one", "rendered", "rows", "shown", "verdict"]
from bs4 import BeautifulSoup

from perfblog.benchdata.adapters import Source, load


def fixture(path: str, fmt: str | None = None):
    return load(Source(path, FIXTURES / path), fmt)


def one(found, bench_id: str, metric: str, version: str | None = None):
    [m] = [m for m in found if m.bench_id == bench_id and m.metric == metric and m.version == version]
    return m


def rendered(kind: str, text: str, **context) -> BeautifulSoup:
    return BeautifulSoup(render_kind(kind, block(kind, text), make_context(**context)), "html.parser")


def rows(soup: BeautifulSoup) -> list[list[str]]:
    """Each body row's cell texts, as a reader sees them."""
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in soup.tbody.find_all("tr")]


def notes(soup: BeautifulSoup) -> list[str]:
    return [p.get_text(" ", strip=True) for p in soup.find_all("p")]


SCALES = {"ns": 1e-9, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "B": 1.0, "KiB": 1024.0, "MiB": 1024.0**2, "GiB": 1024.0**3,
          "k": 1e3, "M": 1e6, "G": 1e9, "/s": 1.0, "k/s": 1e3, "M/s": 1e6, "": 1.0}


def shown(cell: str) -> float:
    """The number a table cell shows, in base units ('1.94 ± 0.07 ms' -> 0.00194; '28.29 M' -> 28290000).

    Rendered tests compare it with the tool's own figure to the precision shown, so they check what
    a reader sees without pinning how many digits the formatter chose."""
    number, _, rest = cell.partition(" ± ")
    unit = (rest.split(" ", 1)[1] if " " in rest else "") if rest else (number.split(" ", 1) + [""])[1]
    return float(number.split(" ")[0].replace(",", "").replace("\u2212", "-")) * SCALES[unit]


def verdict(cell: str) -> str:
    """A change cell without the interval of the factor ('1.94× [1.85, 2.04] faster' -> '1.94× faster'),
    which only some rules give."""
    return re.sub(r" \[[^\]]*\]", "", cell)
