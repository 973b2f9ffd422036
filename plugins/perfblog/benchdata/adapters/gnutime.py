"""GNU ``/usr/bin/time``: ``-v`` (verbose) and the default ``-f`` format.

``-v`` names the command (``Command being timed``), which is the benchmark;
the default format does not, so its benchmark is ``program``. Runs of one
command in one file (``-a -o`` in a loop) are its samples. GNU time's
"kbytes" are ru_maxrss, in KiB. Times below its 0.01 s resolution print as
zero and are left out. A non-zero exit status is recorded as a failure.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..record import Measurement
from ._common import Source, from_samples, measurement, non_empty, number

VERBOSE = {  # -v label -> (metric, unit)
    "User time (seconds)": ("user time", "s"),
    "System time (seconds)": ("system time", "s"),
    "Elapsed (wall clock) time (h:mm:ss or m:ss)": ("time", "s"),
    "Maximum resident set size (kbytes)": ("maximum resident set size", "KiB"),
    "Major (requiring I/O) page faults": ("major page faults", "1"),
    "Minor (reclaiming a frame) page faults": ("minor page faults", "1"),
    "Voluntary context switches": ("voluntary context switches", "1"),
    "Involuntary context switches": ("involuntary context switches", "1"),
    "File system inputs": ("file system inputs", "1"),
    "File system outputs": ("file system outputs", "1"),
}
DEFAULT = re.compile(
    r"^(?P<user>[\d.]+)user (?P<system>[\d.]+)system (?P<elapsed>[\d:.]+)elapsed \S+CPU "
    r"\(\d+avgtext\+\d+avgdata (?P<rss>\d+)maxresident\)k$")
DEFAULT_2 = re.compile(r"^(?P<inputs>\d+)inputs\+(?P<outputs>\d+)outputs \((?P<major>\d+)major\+(?P<minor>\d+)minor\)pagefaults")
DEFAULT_FIELDS = {"user": "User time (seconds)", "system": "System time (seconds)",
                  "elapsed": "Elapsed (wall clock) time (h:mm:ss or m:ss)", "rss": "Maximum resident set size (kbytes)",
                  "inputs": "File system inputs", "outputs": "File system outputs",
                  "major": "Major (requiring I/O) page faults", "minor": "Minor (reclaiming a frame) page faults"}
COMMAND = re.compile(r'^\s*Command being timed: "(?P<command>.*)"$')
FAILED = re.compile(r"^Command (?:exited with non-zero status|terminated by signal) \d+$")
PROGRAM = "program"


def detect(src: Source) -> bool:
    if src.is_folder or src.looks_like_json():
        return False
    return any(COMMAND.match(t) or DEFAULT.match(t) for _, t in src.lines())


def load(src: Source) -> list[Measurement]:
    runs = _runs(src)
    found = []
    for (command, label), values in runs.items():
        metric, unit = VERBOSE[label]
        numbers = [v for v, _, _ in values]
        if unit == "s" and not any(numbers):
            continue  # below GNU time's resolution
        failures = tuple(dict.fromkeys(f for _, _, f in values if f))
        fields = dict(bench_id=command, metric=metric, unit=unit, line=values[0][1],
                      **({"failures": failures} if failures else {}))
        found.append(from_samples(src, numbers, **fields) if len(numbers) > 1
                     else measurement(src, value=numbers[0], **fields))
    return non_empty(found, src)


def _runs(src: Source) -> dict[tuple[str, str], list[tuple[float, int, str | None]]]:
    """(command, -v label) -> [(value, line, failure)] per run.

    GNU time prints "Command exited with non-zero status N" just before the run's numbers.
    """
    runs: dict[tuple[str, str], list[tuple[float, int, str | None]]] = defaultdict(list)
    command, pending, failure = PROGRAM, None, None
    for line, text in src.lines():
        if FAILED.match(text):
            pending = text[len("Command "):]
        elif match := COMMAND.match(text):
            command, failure, pending = match["command"], pending, None
        else:
            if DEFAULT.match(text):  # the first line of a run in the default format
                command, failure, pending = PROGRAM, pending, None
            for label, value in _fields(text).items():
                runs[(command, label)].append((_value(src, value, line), line, failure))
    return runs


def _fields(text: str) -> dict[str, str]:
    """-v label -> value, for what this line prints in either format."""
    match = DEFAULT.match(text) or DEFAULT_2.match(text)
    if match:
        return {DEFAULT_FIELDS[name]: value for name, value in match.groupdict().items()}
    label, _, value = text.strip().rpartition(": ")
    return {label: value} if label in VERBOSE else {}


def _value(src: Source, text: str, line: int) -> float:
    """A number, or an elapsed time as GNU time prints it: ``m:ss.cc`` or ``h:mm:ss``."""
    seconds = 0.0
    for part in text.strip().split(":"):
        seconds = seconds * 60 + number(part, src, line)
    return seconds
