"""View models: the plain values the ``bench/*.html`` templates lay out.

Everything here is text and CSS class names; no markup (that lives in the
templates, which escape every string).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from ..blocks.context import csv_bytes
from .compare import IMPROVED, NO_CHANGE, REGRESSED, SAME_DATA, TESTS, TOO_FEW, UNTESTED, Comparison, Step
from .format import Shown, cell_digits, format_change, format_factor, format_p, format_range, show
from .record import SPREAD_NAMES, Measurement
from .stats import geometric_mean

RULE_NOTES = {
    "criterion": "Criterion's own test (p < {sig} and the 95% interval of the change beyond ±{noise})",
    **{name: test.label + " (p " + ("≤" if test.inclusive else "<") + " {sig})" for name, test in TESTS.items()},
    "summary": "Welch's t-test from the mean, standard deviation and count the file holds (p < {sig}, "
               "change beyond ±{noise})",
    "welch": "Welch's t-test on the raw samples (p < {sig} and the 95% interval of the change beyond ±{noise})",
    "intervals": "non-overlapping intervals and a change beyond ±{noise}",
    "exact": "none needed: the author states the values are exact counts",
    "none": "none possible: the data has no spread, so changes are shown untested",
}
MEAN_RULES = {"criterion", "welch"}  # rules whose change is the change of the means, whatever is shown
TONE = {IMPROVED: "good", REGRESSED: "bad", NO_CHANGE: "neutral", UNTESTED: "neutral", TOO_FEW: "neutral",
        SAME_DATA: "neutral"}


@dataclass(frozen=True)
class Verdict:
    """A comparison as words: signed change, its interval, and a verdict phrase."""

    change: str | None  # "−68.9%", or None when no change is claimed
    interval: str | None  # "−7.7% … +15.8%": the interval of the change, where the rule gives one
    text: str  # "3.21× [3.10, 3.30] faster", "no significant change", "3 vs 3 runs: too few for a test"
    tone: str  # good | bad | neutral: a CSS hook, never the only signal
    p: str | None  # "p = 0.53"
    detail: str  # test, p-value and interval, for a title attribute


def verdict(c: Comparison, significance: float) -> Verdict:
    # Welch's interval of a difference, divided by the before mean, can reach below
    # −100% on noisy data and would read as nonsense: only the others are shown.
    interval = format_range(c.change_low, c.change_high) if c.change_low is not None and c.rule != "welch" else None
    p = format_p(c.p_value, significance)
    detail = ", ".join(x for x in (f"test: {c.rule}", p, interval and f"95% CI {interval}") if x)
    if c.reason:
        return Verdict(None, None, c.reason, "neutral", p, detail)
    if c.verdict == NO_CHANGE:
        return Verdict(None, interval, "no significant change", "neutral", p, detail)
    text = format_factor(c, c.factor_interval if interval else None) + (" (untested)" if c.verdict == UNTESTED else "")
    return Verdict(format_change(c.change), interval, text, TONE[c.verdict], p, detail)


def summary(comparisons: list[Comparison | None]) -> Verdict | None:
    """The geometric mean of the ratios of the first metric's rows, with an interval
    from theirs (a run compared with itself has no ratio to give).

    It is an improvement or a regression only when its whole interval is.
    """
    compared = [c for c in comparisons if c and c.verdict != SAME_DATA and 0 < c.ratio < math.inf]
    if not compared:
        return None
    first = [c for c in compared if c.after.metric == compared[0].after.metric]
    centre, interval = geometric_mean([c.ratio for c in first], [_ratio_interval(c) for c in first])
    low, high = interval or (centre, centre)
    mean = dataclasses.replace(first[0], ratio=centre, change_low=low - 1, change_high=high - 1)
    text = f"{format_factor(mean, mean.factor_interval)} ({len(first)} benchmarks)"
    if interval is None or low <= 1 <= high:  # shown, but not claimed
        why = "untested: a ratio has no interval" if interval is None else "its interval includes 1×"
        return Verdict(None, None, f"{text}; {why}", "neutral", None, "not significant")
    state = IMPROVED if (high < 1) == (mean.after.direction == "lower") else REGRESSED
    return Verdict(format_change(mean.change), format_range(low - 1, high - 1), text, TONE[state], None,
                   "95% interval from the benchmarks' own intervals")


def _ratio_interval(c: Comparison) -> tuple[float, float] | None:
    """The interval of c's ratio, where its rule gives one."""
    if c.change_low is None or c.change_high is None or c.change_low <= -1 or c.rule == "welch":
        return None
    return 1 + c.change_low, 1 + c.change_high


def rows_of(keys: list[tuple[str, str]], columns: list[list[Measurement | None]]) -> list[list[Shown | None]]:
    """Formatted cells, one list per row; each to the precision of its own spread."""
    return [[show(col[r], cell_digits(col[r])) if col[r] else None for col in columns] for r in range(len(keys))]


def notes(measurements: list[Measurement | None], comparisons: list[Comparison | None], sig: float, noise: float) -> list[str]:
    """Footnotes saying what ± means and how verdicts were decided."""
    out = []
    kinds = sorted({m.spread_kind for m in measurements if m and m.spread_kind})
    if kinds:
        out.append("± is " + "; or ".join(SPREAD_NAMES.get(k, "half the confidence interval") for k in kinds) + ".")
    estimators = list(dict.fromkeys(m.estimator for m in measurements if m and m.estimator))
    if estimators:
        out.append("Estimate: " + _joined(estimators) + ".")
    rules = list(dict.fromkeys(c.rule for c in comparisons if c))
    if set(rules) & MEAN_RULES and set(estimators) - {"mean", "typical (mean)"}:
        out.append("Changes are of the means, as the test compares them.")
    for rule in rules:
        out.append("Significance: " + RULE_NOTES[rule].format(sig=f"{sig:g}", noise=f"{noise:.0%}") + ".")
    return out


def _joined(names: list[str]) -> str:
    """'typical (slope)', 'typical (mean)' -> 'typical (slope, mean)'; plain names as they are."""
    grouped: dict[str, list[str]] = {}
    for name in names:
        head, _, kind = name.partition(" (")
        grouped.setdefault(head, []).append(kind.rstrip(")"))
    return ", ".join(f"{head} ({', '.join(kinds)})" if all(kinds) else head for head, kinds in grouped.items())


def journey_rows(steps_by_row: list[list[Step]], significance: float) -> list[list[tuple[Verdict | None, Verdict | None]]]:
    """(vs baseline, vs previous) verdicts per row and version."""
    return [
        [tuple(verdict(c, significance) if c else None for c in (s.vs_baseline, s.vs_previous))
         for s in steps]
        for steps in steps_by_row
    ]


def csv_of(keys, labels, cells, verdicts) -> bytes:
    """The table as CSV, exactly the numbers shown: value, ± and unit per version, then the verdict."""
    return _csv(labels, ["verdict"],
                [[*_shown(row), judged.text if judged else ""] for row, judged in zip(cells, verdicts)], keys)


def journey_csv(keys, labels, cells, changes) -> bytes:
    """A journey table as CSV: per version its value, ± and unit, then each change its cell shows
    (vs the first version; from the third on, vs the one before too), as the cell says it."""
    versus = [(i, side) for i in range(1, len(labels)) for side in ((0, 1) if i > 1 else (0,))]
    names = [f"{labels[i]} vs {labels[0] if side == 0 else labels[i - 1]}" for i, side in versus]
    rows = [[*_shown(row), *(_phrase(steps[i][side]) for i, side in versus)] for row, steps in zip(cells, changes)]
    return _csv(labels, names, rows, keys)


def _phrase(v: Verdict | None) -> str:
    return " ".join(x for x in (v.change, v.text) if x) if v else ""


def _shown(row: list[Shown | None]) -> list[str]:
    return [x for cell in row for x in ((cell.number, cell.spread or "", cell.unit) if cell else ("", "", ""))]


def _csv(labels, after: list[str], rows: list[list[str]], keys) -> bytes:
    """Benchmark, metric, value/±/unit of each version (``labels``), then the ``after`` columns."""
    header = ["benchmark", "metric", *(f"{label} {part}" for label in labels for part in ("value", "±", "unit")), *after]
    return csv_bytes(header, ([bench, metric, *row] for (bench, metric), row in zip(keys, rows)))
