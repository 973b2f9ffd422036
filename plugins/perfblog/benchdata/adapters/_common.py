"""What every adapter shares: reading the source, locating errors, building records.

Adapters only know their tool's format; turning a number with a unit into a
validated ``Measurement`` in base units happens here, once.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
import statistics
from collections import abc
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISDIR
from typing import Any, Callable, Iterable, Mapping

from ...blocks import PerfblogError
from ..record import Estimate, Measurement, ToolChange
from ..units import BYTES, COUNT, default_direction, known_units, parse_unit


@dataclass(frozen=True)
class Source:
    """A data file or folder, or text written inline in a post.

    ``name`` is the path as the author wrote it (None for inline data, whose
    errors then carry the post's own line numbers, counted from ``first_line``).
    """

    name: str | None
    path: Path | None = None
    inline: str | None = None
    first_line: int = 1

    def text(self) -> str:
        return self.inline if self.inline is not None else self._file_text

    @functools.cached_property
    def _file_text(self) -> str:
        """Looked up once per source: format detection asks every detector, and each asks for the text."""
        assert self.path is not None
        stat = self.path.stat()
        if S_ISDIR(stat.st_mode):
            raise self.error("is a folder, but this format is a single file")
        try:
            return _read(str(self.path), stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_ctime_ns)
        except UnicodeDecodeError as exc:
            raise self.error(f"is not UTF-8 text (byte {exc.start})") from None

    @functools.cached_property
    def is_folder(self) -> bool:
        """Asked by every detector: one stat per source."""
        return self.path is not None and self.path.is_dir()

    def looks_like_json(self) -> bool:
        """Cheap test line-based detectors run first: a JSON file is never theirs."""
        return not self.is_folder and self.text().lstrip()[:1] in ("{", "[")

    def json_object(self) -> dict | None:
        """The parsed JSON object, if the data looks like JSON at all (for format detection)."""
        if self.is_folder or self.text().lstrip()[:1] not in ("{", "["):
            return None
        data = self.json()
        return data if isinstance(data, dict) else None

    def json(self) -> Any:
        """The parsed JSON; a syntax error reports JSON's own line number."""
        text = self.text()
        if not text or text.isspace():  # not text.strip(), which copies a whole file
            raise self.error("is empty")
        try:
            return _parse_json(text) if self.inline is None else json.loads(text)
        except json.JSONDecodeError as exc:
            raise self.error(f"malformed JSON: {exc.msg} (column {exc.colno})", line=exc.lineno) from None
        except RecursionError:
            raise self.error("JSON nested too deeply to read (no tool writes this: is the file damaged?)") from None

    def lines(self) -> Iterable[tuple[int, str]]:
        """(line number within the source, text) pairs."""
        return enumerate(self.text().splitlines(), start=1)

    def error(self, message: str, line: int | None = None, key: str | None = None) -> PerfblogError:
        located = self.first_line + line - 1 if line is not None else None
        return PerfblogError(message, path=self.name, line=located, key=key)

    def at(self, line: int | None = None, key: str | None = None) -> str:
        """A human-readable origin for a number: ``file:line`` or ``file [key]``."""
        where = self.name or "inline"
        if line is not None:
            return f"{where}:{self.first_line + line - 1}"
        return f"{where} [{key}]" if key else where


# Format detection and loading both read a file, and a post often names the
# same file in several blocks: read and parse each version of a file once. A version
# is its stat stamp: an edit within one mtime tick that keeps the size still changes
# the inode (editors that replace) or the ctime.
@functools.lru_cache(maxsize=128)
def _read(path: str, mtime_ns: int, size: int, inode: int, ctime_ns: int) -> str:
    return Path(path).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=128)
def _parse_json(text: str) -> Any:
    return json.loads(text)


def field(obj: Any, name: str, src: Source, key: str, kind: type | tuple = (int, float)) -> Any:
    """``obj[name]``, checked for presence and type; errors name the JSON path."""
    if not isinstance(obj, abc.Mapping) or name not in obj:  # typing.Mapping's check is slower
        raise src.error(f"missing '{name}'", key=key)
    value = obj[name]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise src.error(f"'{name}' should be {_kind_name(kind)}, not {json.dumps(value)[:40]}", key=key)
    return value


def _kind_name(kind: type | tuple) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {int: "a number", float: "a number", str: "text", list: "a list", dict: "an object"}
    return " or ".join(sorted({names.get(k, k.__name__) for k in kinds}))


def items(obj: Any, name: str, src: Source) -> list:
    """A non-empty top-level list such as ``benchmarks``: empty data is an error."""
    value = field(obj, name, src, key=name, kind=list)
    if not value:
        raise src.error(f"holds no benchmark results ('{name}' is empty)", key=name)
    return value


NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?$|^[+-]?(nan|inf)$", re.I)


def number(text: str, src: Source, line: int | None = None, what: str = "number") -> float:
    """A number as tools print it ("1,234.5" included)."""
    cleaned = text.strip().replace("\u2212", "-")
    if not NUMBER.match(cleaned):
        raise src.error(f"cannot read {what} {text.strip()!r}", line=line)
    return float(cleaned.replace(",", ""))


def measurement(
    src: Source,
    *,
    bench_id: str,
    metric: str,
    unit: str,
    value: float,
    line: int | None = None,
    key: str | None = None,
    spread: float | None = None,
    spread_kind: str | None = None,
    low: float | None = None,
    high: float | None = None,
    samples: Iterable[float] | None = None,
    sample_count: int | None = None,
    direction: str | None = None,
    group: str | None = None,
    params: Mapping[str, Any] | None = None,
    version: str | None = None,
    change: ToolChange | None = None,
    rule: str | None = None,
    estimator: str | None = None,
    alternatives: Iterable[Estimate] = (),
    basis: Measurement | None = None,
    failures: tuple[str, ...] = (),
) -> Measurement:
    """A validated ``Measurement`` in base units, or an error located at ``line``/``key``.

    ``spread`` is a symmetric ± figure (stddev, MAD, range); ``low``/``high`` a
    real interval (a confidence interval). ``alternatives`` are other
    estimators in the same ``unit``, checked like the value. Values must be finite and positive;
    zero is accepted only for sizes and counts (0 B/op, 0 allocs/op are real).
    """
    try:
        u = parse_unit(unit)
    except KeyError:
        raise src.error(
            f"unknown unit {unit!r} for {bench_id!r} (known: {', '.join(known_units())})",
            line=line, key=key,
        ) from None
    label = f"{metric} of {bench_id!r}"

    def checked(x: float, what: str) -> float:
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
            raise src.error(f"{what} of {label} is not a finite number ({x!r})", line=line, key=key)
        return float(x) * u.factor

    def positive(x: float, what: str) -> float:
        base = checked(x, what)
        if base < 0 or (base == 0 and u.base not in (BYTES, COUNT)):
            raise src.error(f"{what} of {label} is {x:g} {unit}: it must be positive", line=line, key=key)
        return base

    v = positive(value, "the value")
    if spread is not None:
        s = checked(spread, "the spread")
        if s < 0:
            raise src.error(f"the spread of {label} is negative", line=line, key=key)
        low, high = v - s, v + s
    elif low is not None and high is not None:
        low, high = checked(low, "the lower bound"), checked(high, "the upper bound")
        if not low <= high:
            raise src.error(f"the interval of {label} has its bounds reversed", line=line, key=key)
    sample_tuple = _checked_samples(samples, u.factor, checked) if samples is not None else None
    return Measurement(
        bench_id=bench_id,
        metric=metric,
        unit=u.base,
        value=v,
        source=src.at(line, key),
        low=low,
        high=high,
        spread_kind=spread_kind if low is not None else None,
        samples=sample_tuple,
        sample_count=sample_count if sample_count is not None else (len(sample_tuple) if sample_tuple else None),
        direction=direction or default_direction(u.base),
        group=group,
        params=tuple(sorted((str(k), str(v_)) for k, v_ in (params or {}).items())),
        version=version,
        change=change,
        rule=rule,
        estimator=estimator,
        alternatives=tuple(_in_base_units(e, checked, positive) for e in alternatives),
        basis=basis,
        failures=failures,
    )


def _checked_samples(samples: Iterable[float], factor: float, checked: Callable[[float, str], float]) -> tuple[float, ...]:
    """``checked`` on every sample, with one pass over them when all are plain finite numbers
    (a sum of finite numbers is finite unless it overflows, and then ``checked`` decides)."""
    samples = list(samples)
    if all(type(x) is float or type(x) is int for x in samples) and math.isfinite(sum(samples)):
        return tuple([float(x) * factor for x in samples])
    return tuple(checked(x, "a sample") for x in samples)


def _in_base_units(e: Estimate, checked: Callable[[float, str], float], positive: Callable[[float, str], float]) -> Estimate:
    """Another estimator's figures, checked like the value itself (a zero mean is as wrong as a zero slope)."""
    low, high = (checked(x, f"the {e.name}") if x is not None else None for x in (e.low, e.high))
    return dataclasses.replace(e, value=positive(e.value, f"the {e.name}"), low=low, high=high)


def from_samples(src: Source, samples: list[float], estimator: str = "mean", **fields: Any) -> Measurement:
    """Mean ± standard deviation or median ± MAD of repeated runs (``go -count``, repetitions).

    The other of the two is kept as an alternative for ``estimate:``.
    """
    figures = {"mean": _mean_sd(samples), "median": _median_mad(samples)}
    value, spread, kind = figures.pop(estimator)
    others = tuple(Estimate(name, v, *((v - s, v + s, k) if s is not None else ()))
                   for name, (v, s, k) in figures.items())
    return measurement(
        src, value=value, spread=spread, spread_kind=kind if spread is not None else None, samples=samples,
        estimator=estimator, alternatives=others, **fields,
    )


def _mean_sd(samples: list[float]) -> tuple[float, float | None, str]:
    return statistics.fmean(samples), statistics.stdev(samples) if len(samples) >= 2 else None, "stddev"


def _median_mad(samples: list[float]) -> tuple[float, float | None, str]:
    median = statistics.median(samples)
    mad = statistics.median(abs(x - median) for x in samples) if len(samples) >= 2 else None
    return median, mad, "mad"


def non_empty(found: list[Measurement], src: Source) -> list[Measurement]:
    if not found:
        raise src.error("holds no benchmark results")
    return found


def unique_ids(names: list[str], fallback: Callable[[int], str]) -> list[str]:
    """Short names, except where two collide: those get ``fallback(i)`` (a longer name)."""
    return [fallback(i) if names.count(n) > 1 else n for i, n in enumerate(names)]
