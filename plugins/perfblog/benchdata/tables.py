"""View models: the plain values the ``bench/*.html`` templates lay out.

Everything here is text and CSS class names; no markup (that lives in the
templates, which escape every string).
"""

from __future__ import annotations

from dataclasses import dataclass

from .compare import IMPROVED, NO_CHANGE, REGRESSED, UNTESTED, Comparison, Step
from .format import Shown, column_digits, format_change, format_factor, format_p, format_range, show
from .record import SPREAD_NAMES, Measurement

RULE_NOTES = {
    "criterion": "Criterion's own test (p < {sig} and the 95% interval of the change beyond ±{noise})",
    "welch": "Welch's t-test on the raw samples (p < {sig} and the 95% interval of the change beyond ±{noise})",
    "intervals": "non-overlapping intervals and a change beyond ±{noise}",
    "exact": "none needed: the author states the values are exact counts",
    "none": "none possible: the data has no spread, so changes are shown untested",
}
TONE = {IMPROVED: "good", REGRESSED: "bad", NO_CHANGE: "neutral", UNTESTED: "neutral"}


@dataclass(frozen=True)
class Verdict:
    """A comparison as words: signed change, its interval, and a verdict phrase."""

    change: str | None  # "−68.9%", or None when no change is claimed
    interval: str | None  # "−7.7% … +15.8%": the tool's own interval of the change
    text: str  # "3.21× faster", "no significant change", "+4.0% slower (untested)"
    tone: str  # good | bad | neutral: a CSS hook, never the only signal
    p: str | None  # "p = 0.53"
    detail: str  # test, p-value and interval, for a title attribute


def verdict(c: Comparison) -> Verdict:
    # Only the tool's interval is shown: Welch's interval of a difference, divided by
    # the before mean, can reach below −100% on noisy data and would read as nonsense.
    interval = format_range(c.change_low, c.change_high) if c.rule == "criterion" else None
    p = format_p(c.p_value)
    detail = ", ".join(x for x in (f"test: {c.rule}", p, interval and f"95% CI {interval}") if x)
    if c.verdict == NO_CHANGE:
        return Verdict(None, interval, "no significant change", "neutral", p, detail)
    text = format_factor(c) + (" (untested)" if c.verdict == UNTESTED else "")
    return Verdict(format_change(c.change), interval, text, TONE[c.verdict], p, detail)


def rows_of(keys: list[tuple[str, str]], columns: list[list[Measurement | None]]) -> list[list[Shown | None]]:
    """Formatted cells, one list per row; precision is decided per column."""
    digits = [column_digits(col) for col in columns]
    return [
        [show(col[r], d) if col[r] else None for col, d in zip(columns, digits)]
        for r in range(len(keys))
    ]


def notes(measurements: list[Measurement | None], comparisons: list[Comparison | None], sig: float, noise: float) -> list[str]:
    """Footnotes saying what ± means and how verdicts were decided."""
    out = []
    kinds = sorted({m.spread_kind for m in measurements if m and m.spread_kind})
    if kinds:
        out.append("± is " + "; or ".join(SPREAD_NAMES.get(k, "half the confidence interval") for k in kinds) + ".")
    rules = list(dict.fromkeys(c.rule for c in comparisons if c))
    for rule in rules:
        out.append("Significance: " + RULE_NOTES[rule].format(sig=f"{sig:g}", noise=f"{noise:.0%}") + ".")
    return out


def journey_rows(steps_by_row: list[list[Step]]) -> list[list[tuple[Verdict | None, Verdict | None]]]:
    """(vs baseline, vs previous) verdicts per row and version."""
    return [
        [(verdict(s.vs_baseline) if s.vs_baseline else None, verdict(s.vs_previous) if s.vs_previous else None)
         for s in steps]
        for steps in steps_by_row
    ]
