"""Detection that explains itself: what a file perfblog does not read looks like, and 'format:' always wins."""

from __future__ import annotations

import gzip
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from bench_support import block, make_context, render_kind
from formats_support import FIXTURES

from perfblog.benchdata.adapters import ADAPTERS, Source, adapter, detect
from perfblog.blocks import PerfblogError

TESTS = FIXTURES.parents[1]
HF_JSON = FIXTURES / "hyperfine-1.15.0" / "hf_two_commands.json"


def message(path: Path) -> str:
    with pytest.raises(PerfblogError) as err:
        detect(Source(path.name, path))
    return err.value.message


@pytest.mark.parametrize("path, looks", [
    (TESTS / "fixtures/flame/perf-before.folded", "folded stacks (a profile)"),
    (TESTS / "fixtures/flame/pyspy-wordcount.folded", "folded stacks (a profile)"),
    (TESTS / "fixtures/flame/perf-script-sort-before.txt", "'perf script' output (a profile)"),
    (TESTS / "fixtures/flame/pyspy-wordcount.svg", "an SVG image"),
    (FIXTURES / "valgrind-3.19.0/cachegrind.before.stderr.txt", "valgrind's log"),
    (FIXTURES / "hyperfine-1.15.0/hf_param_scan.stdout.txt", "hyperfine's terminal output"),
    (FIXTURES / "google-benchmark-1.7.1/gbench_aggregates_only.stdout.txt", "Google Benchmark's console output"),
    (FIXTURES / "criterion-0.3.6/D_fast_vs_before.stdout.txt", "Criterion's console output"),
    (FIXTURES / "pyperf-2.11.0/compare_to.txt", "pyperf compare_to output"),
])
def test_known_files_say_what_they_are(path, looks):
    text = message(path)
    assert text.startswith(f"this looks like {looks}, which perfblog does not read as benchmark results")
    assert "no unit" not in text and "malformed" not in text


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


@pytest.mark.parametrize("name, content, looks", [
    ("shot.png", _png(), "a PNG image"),
    ("hf.json.gz", gzip.compress(HF_JSON.read_bytes()), "a gzip-compressed file"),
    ("report.html", b"<!DOCTYPE html>\n<html><head><title>report</title></head></html>\n", "an HTML page"),
    # the shapes only (no measurement): JMH and BenchmarkDotNet cannot run on this machine
    ("jmh.json", b'[{"jmhVersion": "1.37", "benchmark": "org.sample.MyBenchmark.testMethod", "primaryMetric": {}}]',
     "JMH's JSON results"),
    ("bdn.json", b'{"Title": "Md5VsSha256", "HostEnvironmentInfo": {}, "Benchmarks": []}', "BenchmarkDotNet output"),
])
def test_binary_and_foreign_files(tmp_path, name, content, looks):
    path = tmp_path / name
    path.write_bytes(content)
    assert message(path).startswith(f"this looks like {looks}, which perfblog does not read")


def test_a_zip_archive(tmp_path):
    path = tmp_path / "results.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(HF_JSON, "hf.json")
    assert message(path).startswith("this looks like a zip archive")
    assert message(path).endswith("unpack it and name the file inside")


def test_unknown_text_lists_every_format():
    text = message(FIXTURES / "README.md")
    assert text.startswith("cannot tell the format of this data (unknown format): perfblog reads criterion, ")
    assert all(name in text for name in ADAPTERS)


def test_format_always_overrides_detection():
    csv = FIXTURES / "perf-stat-6.1.187/before_r10.csv"
    assert detect(Source(csv.name, csv)) == "perf-stat"
    assert adapter(Source(csv.name, csv), "csv").name == "csv"
    svg = TESTS / "fixtures/flame/pyspy-wordcount.svg"
    assert adapter(Source(svg.name, svg), "generic").name == "generic"  # sniffing never stands in the way
    assert adapter(Source(csv.name, csv), "Perf_Stat").name == "perf-stat"


def test_the_block_tells_it_at_the_file_line():
    ctx = make_context(root=TESTS / "fixtures")
    with pytest.raises(PerfblogError) as err:
        render_kind("bench", block("bench", "file: flame/perf-before.folded"), ctx)
    assert err.value.key == "file" and "show it with a 'flamegraph' block" in err.value.message
