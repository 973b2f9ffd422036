"""What a file perfblog cannot read looks like, so the error says so.

A tool's export read as a generic CSV would fail with "no unit for …", an image
fails as "not UTF-8": both true and both misleading. These checks recognise
files perfblog knows of but does not read as benchmark data, by their content
(never their name), and say what they are and, where perfblog has a block for
them, which one. Each returns "what it looks like[: what to do]" or None.
"""

from __future__ import annotations

import re

from ._common import Source

MAGIC = (  # leading bytes -> what the file is
    (b"\x89PNG", "a PNG image: show it with a 'compare' block or Markdown's ![alt](path)"),
    (b"\xff\xd8\xff", "a JPEG image: show it with a 'compare' block or Markdown's ![alt](path)"),
    (b"GIF8", "a GIF image: show it with a 'compare' block or Markdown's ![alt](path)"),
    (b"\x1f\x8b", "a gzip-compressed file: decompress it (gunzip) and name the file inside"),
    (b"PK\x03\x04", "a zip archive: unpack it and name the file inside"),
    (b"\xfd7zXZ", "an xz-compressed file: decompress it (unxz) and name the file inside"),
    (b"\x28\xb5\x2f\xfd", "a zstd-compressed file: decompress it (unzstd) and name the file inside"),
    (b"PERFILE2", "a perf.data recording: convert it with 'perf script' for a 'flamegraph' block, "
                  "or measure with 'perf stat'"),
    (b"FLR\x00", "a Java Flight Recorder file (JFR)"),
    (b"\x7fELF", "a program (ELF executable), not its output"),
    (b"%PDF", "a PDF document"),
)
#: (test on the text, what it looks like); first match wins
TEXT = (
    (re.compile(r"\A\s*(<!doctype html|<html)", re.I), "an HTML page: if a tool wrote it as a report, name the data file behind it"),
    (re.compile(r"\A\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg", re.S), "an SVG image: show it with a 'flamegraph-svg' "
                                                                        "or 'compare' block"),
    (re.compile(r"<Catch2TestRun"), "Catch2 3's XML report"),
    (re.compile(r"\A\s*\[\s*\{\s*\"jmhVersion\"|\"primaryMetric\"\s*:"), "JMH's JSON results"),
    (re.compile(r"^# JMH version", re.M), "JMH's console output"),
    (re.compile(r"\"HostEnvironmentInfo\"|BenchmarkDotNet"), "BenchmarkDotNet output"),
    (re.compile(r"\"traceEvents\"\s*:"), "a Chrome trace (trace events JSON)"),
    (re.compile(r"\"\$schema\"\s*:\s*\"https://www\.speedscope\.app"), "a speedscope profile"),
    (re.compile(r"^==\d+== (I\s+refs|Collected)\s*:", re.M),
     "valgrind's log: name the cachegrind.out.<pid> or callgrind.out.<pid> file it wrote"),
    (re.compile(r"^Running \S+ test @ ", re.M), "wrk output: show its --latency percentiles with a 'latency' block"),
    (re.compile(r"^\s*Value\s+Percentile\s+TotalCount\s+1/\(1-Percentile\)", re.M),
     "an HdrHistogram percentile distribution (.hgrm): show it with a 'latency' block"),
    (re.compile(r"^Benchmark \d+: .*\n\s+Time \(mean ± σ\):", re.M), "hyperfine's terminal output: "
                                                                      "save the run with --export-json"),
    (re.compile(r"^Benchmark\s+Time\s+CPU\s+Iterations", re.M), "Google Benchmark's console output: save the run "
                                                                  "with --benchmark_out=FILE --benchmark_out_format=json"),
    (re.compile(r"^\S.*\s+time:\s+\[[\d.]+ \S+ [\d.]+ \S+ [\d.]+ \S+\]", re.M),
     "Criterion's console output: name its target/criterion folder, which holds the samples"),
    (re.compile(r": Mean \+- std dev: \[", re.M), "pyperf compare_to output: name the JSON files pyperf wrote (-o)"),
    (re.compile(r"^# (Samples|Overhead)", re.M), "'perf report' output: record with 'perf script' for a "
                                                  "'flamegraph' or 'hotfunctions' block"),
    (re.compile(r"^(\S[^\n]*;[^\n]* \d+\n){2}", re.M), "folded stacks (a profile): show it with a 'flamegraph' block"),
    (re.compile(r"\A(\S[^\n]*\s+\d+(/\d+)?\s+(\[\d+\]\s+)?[\d.]+:[^\n]*\n\s+[0-9a-f]{4,} )"),
     "'perf script' output (a profile): show it with a 'flamegraph' block"),
)


def binary(src: Source) -> str | None:
    """What a file that is not text is, from its first bytes."""
    if src.path is None or src.inline is not None:
        return None
    with open(src.path, "rb") as file:
        head = file.read(16)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "a WebP image: show it with a 'compare' block or Markdown's ![alt](path)"
    return next((what for magic, what in MAGIC if head.startswith(magic)), None)


def text(src: Source) -> str | None:
    """What a text file no adapter recognised looks like."""
    head = src.text()[:20000]
    return next((what for pattern, what in TEXT if pattern.search(head)), None)
