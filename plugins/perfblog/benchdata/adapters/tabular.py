"""CSV files and Markdown tables, for numbers typed by hand (production metrics).

Units are always explicit: in the cell (``12.5 ms``, ``12.5 ± 0.3 ms``) or in
the column header (``before (ms)``). ``±`` means the standard deviation.

Two shapes are read:

* wide: a ``benchmark`` column (and optionally ``metric``), then one column per
  version, in order (``before``, ``after`` or baseline, attempt 1, ...);
* long: ``benchmark``, ``value`` and optionally ``unit``, ``metric``,
  ``version``, ``stddev``, ``low``/``high`` (a 95% confidence interval).
"""

from __future__ import annotations

import csv
import io
import re

from ..record import Measurement
from ..units import parse_unit
from ._common import Source, measurement, non_empty, number

ID_COLUMNS = ("benchmark", "name", "bench", "id", "command", "test")
HEADER = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<unit>[^()]*)\))?$")
CELL = re.compile(r"^(?P<value>[-+−]?[\d,._]*\d(?:\.\d*)?(?:[eE][-+]?\d+)?)\s*(?:(?:±|\+/-)\s*(?P<spread>[\d,.]+))?\s*(?P<unit>\D\S*)?$")
DEFAULT_METRIC = {"s": "time", "B": "memory", "1": "count", "B/s": "throughput", "1/s": "rate"}
MISSING = {"", "-", "—", "n/a"}


def detect_csv(src: Source) -> bool:
    return src.path is not None and src.path.suffix.lower() == ".csv"


def detect_table(src: Source) -> bool:
    if src.is_folder or src.looks_like_json():
        return False
    lines = [t.strip() for _, t in src.lines() if t.strip()]
    return len(lines) >= 3 and all(t.startswith("|") for t in lines) and set(lines[1]) <= set("|:- ")


def load_csv(src: Source) -> list[Measurement]:
    reader = csv.reader(io.StringIO(src.text()))
    rows = []
    for cells in reader:
        if cells and any(c.strip() for c in cells) and not cells[0].lstrip().startswith("#"):
            rows.append((reader.line_num, [c.strip() for c in cells]))
    return _measurements(src, rows)


def load_table(src: Source) -> list[Measurement]:
    rows = []
    for line, text in src.lines():
        text = text.strip()
        if not text:
            continue
        if not text.startswith("|"):
            raise src.error("a Markdown table line should start with '|'", line=line)
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", text.strip("|"))]
        if not (len(rows) == 1 and all(set(c) <= set(":- ") and c for c in cells)):  # skip the |---| rule
            rows.append((line, [c.strip("`") for c in cells]))
    return _measurements(src, rows)


def _measurements(src: Source, rows: list[tuple[int, list[str]]]) -> list[Measurement]:
    if len(rows) < 2:
        raise src.error("holds no benchmark results: a header row and at least one data row are needed")
    header = rows[0][1]
    columns = [HEADER.match(h) for h in header]
    names = [c["name"].lower() for c in columns]
    id_col = next((names.index(n) for n in ID_COLUMNS if n in names), 0)
    found = []
    for line, cells in rows[1:]:
        if len(cells) != len(header):
            raise src.error(f"this row has {len(cells)} cells but the header has {len(header)}", line=line)
        row = dict(zip(names, cells))
        fields = dict(bench_id=cells[id_col], line=line, metric=row.get("metric"))
        if "value" in names:
            found.append(_long(src, row, columns[names.index("value")]["unit"], fields))
            continue
        for col, cell in enumerate(cells):
            if col != id_col and names[col] != "metric" and cell.lower() not in MISSING:
                value, spread, unit = _cell(src, cell, line)
                found.append(
                    _make(src, value, unit or columns[col]["unit"], dict(fields, version=columns[col]["name"]),
                          spread=spread, spread_kind="stddev" if spread is not None else None)
                )
    return non_empty(found, src)


def _long(src: Source, row: dict[str, str], header_unit: str | None, fields: dict) -> Measurement:
    line = fields["line"]
    value, spread, unit = _cell(src, row["value"], line)
    if row.get("low") or row.get("high"):
        extra = dict(low=number(row.get("low", ""), src, line, "'low'"),
                     high=number(row.get("high", ""), src, line, "'high'"), spread_kind="ci95")
    elif row.get("stddev") or spread is not None:
        extra = dict(spread=number(row.get("stddev") or str(spread), src, line, "'stddev'"), spread_kind="stddev")
    else:
        extra = {}
    return _make(src, value, unit or row.get("unit") or header_unit,
                 dict(fields, version=row.get("version") or None), **extra)


def _cell(src: Source, cell: str, line: int) -> tuple[float, float | None, str | None]:
    """(value, ± spread, unit) from '12.5 ± 0.3 ms'."""
    match = CELL.match(cell)
    if not match:
        raise src.error(f"cannot read {cell!r}: write a number and a unit, like '12.5 ms' or '12.5 ± 0.3 ms'", line=line)
    spread = number(match["spread"], src, line, "the spread") if match["spread"] else None
    return number(match["value"], src, line), spread, match["unit"]


def _make(src: Source, value: float, unit: str | None, fields: dict, **extra) -> Measurement:
    if not unit:
        raise src.error(
            f"no unit for {fields['bench_id']!r}: write it in the cell ('12 ms') or the header ('before (ms)')",
            line=fields["line"],
        )
    try:
        metric = fields.get("metric") or DEFAULT_METRIC[parse_unit(unit).base]
    except KeyError:
        metric = "value"  # measurement() reports the unknown unit
    return measurement(src, value=value, unit=unit, **{**fields, "metric": metric}, **extra)
