"""``perf stat``: the default text, ``-x,`` CSV and ``--json`` output.

One benchmark per measured command (text names it; CSV and JSON do not, so
their benchmark is ``program``); every counter is a metric named as perf names
it (``task-clock``, ``page-faults``), wall time is ``time``. With ``-r N``
perf prints the mean and ``+- x%``, the standard error of the mean: text output
also says N, so the spread becomes the standard deviation (± × √N, what perf
computed it from); CSV and JSON keep the standard error (``sem``).
``<not supported>`` and ``<not counted>`` rows carry no number: ``uncounted``
lists them. Derived ratios (IPC, miss rates) are added when both counters were
counted (``counters.ratios``).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re

from ..record import Measurement
from ._common import Source, measurement, non_empty, number
from .counters import ratios

HEADER = re.compile(r"^\s*Performance counter stats for (?:process id )?'(?P<command>.*)'(?: \((?P<runs>\d+) runs\))?:")
COUNTER = re.compile(r"^\s+(?P<value><not (?:supported|counted)>|[\d.,]+)\s+(?P<names>[^#(]*?)\s*(?:#.*?)?"
                     r"(?:\(\s*\+-\s*(?P<pct>[\d.]+)%\s*\))?\s*$")
SECONDS = re.compile(r"^\s+(?P<value>[\d.,]+)(?: \+- (?P<sem>[\d.,]+))? seconds (?P<what>time elapsed|user|sys)\b")
CSV_ROW = re.compile(r"^(<not (supported|counted)>|[\d.]+),[^,]*,[^,]+,([\d.]+%,)?\d+,[\d.]+,")
UNITS = {"": "1", "msec": "ms", "nsec": "ns", "usec": "us", "sec": "s"}
SECONDS_METRICS = {"time elapsed": "time", "user": "user time", "sys": "system time"}
PROGRAM = "program"  # CSV and JSON do not record the command
MISSING = ("<not supported>", "<not counted>")


def detect(src: Source) -> bool:
    return _shape(src) is not None


def _shape(src: Source) -> str | None:
    if src.is_folder or src.looks_like_json():
        return None
    rows = [t for _, t in src.lines() if t.strip() and not t.startswith("#")]
    if any(HEADER.match(t) for t in rows[:3]):
        return "text"
    if rows and all(t.startswith('{"counter-value"') for t in rows):
        return "json"
    if rows and all(CSV_ROW.match(t) for t in rows):
        return "csv"
    return None


def load(src: Source) -> list[Measurement]:
    return non_empty(ratios({"text": _text, "json": _json, "csv": _csv}[_shape(src) or "text"](src)), src)


def uncounted(src: Source) -> list[tuple[str, str, int]]:
    """(event, '<not supported>' or '<not counted>', line) for counters perf could not count."""
    shape = _shape(src)
    found = []
    for line, text in src.lines():
        status = next((s for s in MISSING if s in text), None)
        if status:
            found.append((_event(src, shape, line, text), status, line))
    return found


def _event(src: Source, shape: str | None, line: int, text: str) -> str:
    if shape == "json":
        return str(_json_row(src, line, text).get("event", "?"))
    return text.split(",")[2] if shape == "csv" else text.split()[-1]


def _counter(src: Source, bench_id: str, event: str, unit: str, value: str, line: int,
             pct: float | None, runs: int | None) -> Measurement:
    """One counter: ``pct`` is perf's ``+- x%``; with ``runs`` known it becomes a standard deviation."""
    v = number(value, src, line, what=f"the value of {event}")
    spread = v * pct / 100 * (math.sqrt(runs) if runs else 1) if pct else None
    return measurement(src, bench_id=bench_id, metric=event, unit=UNITS.get(unit, unit), value=v, line=line,
                       spread=spread, spread_kind=("stddev" if runs else "sem") if spread is not None else None,
                       sample_count=runs)


def _text(src: Source) -> list[Measurement]:
    found: list[Measurement] = []
    command, runs = None, None
    for line, text in src.lines():
        if header := HEADER.match(text):
            command, runs = header["command"], int(header["runs"]) if header["runs"] else None
        elif command is None:
            continue
        elif seconds := SECONDS.match(text):
            if number(seconds["value"], src, line) > 0:  # perf prints "0.000000 seconds sys"
                found.append(_seconds(src, command, seconds, line, runs))
        elif (counter := COUNTER.match(text)) and counter["value"] not in MISSING:
            *unit, event = counter["names"].split() or [""]
            pct = float(counter["pct"]) if counter["pct"] else None
            found.append(_counter(src, command, event, " ".join(unit), counter["value"], line, pct, runs))
    return found


def _seconds(src: Source, command: str, seconds: re.Match, line: int, runs: int | None) -> Measurement:
    """Wall, user or system time; ``+- x`` is the standard error of the mean, like the counters'."""
    sem = number(seconds["sem"], src, line) if seconds["sem"] and runs else None
    return measurement(src, bench_id=command, metric=SECONDS_METRICS[seconds["what"]], unit="s",
                       value=number(seconds["value"], src, line), line=line,
                       spread=sem * math.sqrt(runs) if sem is not None else None,
                       spread_kind="stddev" if sem is not None else None, sample_count=runs)


def _json_row(src: Source, line: int, text: str) -> dict:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise src.error(f"malformed JSON: {exc.msg} (column {exc.colno})", line=line) from None


def _json(src: Source) -> list[Measurement]:
    found = []
    for line, text in src.lines():
        if text.startswith("{"):
            row = _json_row(src, line, text)
            if row.get("counter-value") not in MISSING:
                found.append(_counter(src, PROGRAM, row.get("event", "?"), row.get("unit", ""),
                                      str(row.get("counter-value")), line, row.get("variance"), None))
    return found


def _csv(src: Source) -> list[Measurement]:
    found = []
    rows = [(line, text) for line, text in src.lines() if text.strip() and not text.startswith("#")]
    for line, text in rows:
        value, unit, event, variance = next(csv.reader(io.StringIO(text)))[:4]
        if value not in MISSING:
            pct = float(variance[:-1]) if variance.endswith("%") else None
            found.append(_counter(src, PROGRAM, event, unit, value, line, pct, None))
    return found
