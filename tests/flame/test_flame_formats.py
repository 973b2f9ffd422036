"""The profile format registry: each format read from a real file with exact values, drawn, and
files that are no profile perfblog reads explained."""

from __future__ import annotations

import gzip
import json
import math

import pytest
from bs4 import BeautifulSoup

from flamehelp import FIXTURES, render
from perfblog.blocks import PerfblogError
from perfblog.flame.folded import read_folded
from perfblog.flame.formats.callgrind import parse_callgrind, stacks_of
from perfblog.flame.load import detect_format, load_profile
from perfblog.flame.tree import function_shares


def own_and_total(name: str, file: str, weight: str = "samples") -> tuple[float, float, str]:
    """A function's self and total weight in a fixture, and the profile's unit."""
    profile = load_profile(FIXTURES / file, "auto", weight)
    shares = function_shares(profile)[name]
    return shares.self * profile.total, shares.total * profile.total, profile.unit


@pytest.mark.parametrize("file, fmt", [
    ("perf-before.folded", "folded"), ("perf-script-sort-before.txt", "perf-script"),
    ("wordcount.speedscope.json", "speedscope"), ("wordcount.cpuprofile", "cpuprofile"),
    ("tsparse-v0.callgrind", "callgrind"), ("tsparse-go.pprof", "pprof"),
    ("tsparse-v0.flamegraph.svg", "flamegraph-svg"), ("pyspy-wordcount.svg", "flamegraph-svg"),
    ("wordcount.jfr.json", "jfr"), ("allocs.dhat.json", "dhat"), ("allocs.massif", "massif"),
    ("allocs.heaptrack-peak.folded", "folded"),
])
def test_each_fixture_is_detected_as_its_format(file, fmt):
    assert detect_format(FIXTURES / file) == fmt


def test_speedscope_from_py_spy():
    profile = load_profile(FIXTURES / "wordcount.speedscope.json")
    assert (profile.total, profile.unit, len(profile.stacks)) == (1532.0, "ms", 11)  # 383 samples of 4 ms
    own, total, _ = own_and_total("count_with_list (wordcount.py)", "wordcount.speedscope.json")
    assert math.isclose(own, 1448.0) and math.isclose(total, 1448.0)
    assert math.isclose(own_and_total("make_text (wordcount.py)", "wordcount.speedscope.json")[1], 56.0)


def test_speedscope_evented_profile(tmp_path):
    """Open/close events (speedscope's own format, Chrome imports): time between events goes to the open stack."""
    (tmp_path / "e.json").write_text(json.dumps({
        "$schema": "https://www.speedscope.app/file-format-schema.json",
        "shared": {"frames": [{"name": "main", "file": "/home/me/app.py"}, {"name": "work"}]},
        "profiles": [{"type": "evented", "unit": "milliseconds", "startValue": 0, "endValue": 10, "events": [
            {"type": "O", "frame": 0, "at": 0}, {"type": "O", "frame": 1, "at": 2},
            {"type": "C", "frame": 1, "at": 9}, {"type": "C", "frame": 0, "at": 10}]}],
    }))
    profile = load_profile(tmp_path / "e.json")
    assert {tuple(f.name for f in s): w for s, w in profile.stacks.items()} == {
        ("main (app.py)",): 3, ("main (app.py)", "work"): 7}
    assert profile.unit == "ms"


def test_cpuprofile_from_node_samples_or_time():
    assert own_and_total("countWithList (wordcount.js)", "wordcount.cpuprofile") == (44, 44, "samples")
    assert own_and_total("countWithList (wordcount.js)", "wordcount.cpuprofile", "period") == (53266, 53266, "µs")
    profile = load_profile(FIXTURES / "wordcount.cpuprofile")
    assert profile.total == 162 and function_shares(profile)["(garbage collector)"].self * 162 == 44
    assert not any(f.name.startswith("(root)") for stack in profile.stacks for f in stack)


def test_pprof_from_go_test_matches_go_tool_pprof():
    # go tool pprof -top: time.parse flat 530ms, cum 1200ms; Total samples = 2480ms
    assert own_and_total("time.parse", "tsparse-go.pprof", "period") == (530_000_000, 1_200_000_000, "ns")
    assert own_and_total("time.parse", "tsparse-go.pprof") == (53, 120, "samples")
    # daysSinceEpoch is inlined into time.Date: the Location's Line list names both
    profile = load_profile(FIXTURES / "tsparse-go.pprof")
    assert profile.total == 248
    assert any([f.name for f in s[-2:]] == ["time.Date", "time.daysSinceEpoch"] for s in profile.stacks)


def test_callgrind_exclusive_and_inclusive_match_callgrind_annotate():
    # callgrind_annotate: __vfscanf_internal 12,386,472,432 (vfscanf-internal.c) + 324,000,000
    # (scratch_buffer.h); --inclusive=yes: parse_line 24,961,875,225, PROGRAM TOTALS 27,874,445,482
    own, total, unit = own_and_total("__vfscanf_internal", "tsparse-v0.callgrind")
    assert own == 12_710_472_432 and unit == "instructions"
    _, parse_line, _ = own_and_total("parse_line", "tsparse-v0.callgrind")
    assert math.isclose(parse_line, 24_961_875_225, rel_tol=1e-6)
    assert load_profile(FIXTURES / "tsparse-v0.callgrind").total == 27_874_445_482  # valgrind's "I refs"
    assert load_profile(FIXTURES / "tsparse-v1.callgrind").total == 4_262_569_823


def test_callgrind_recursion_and_compressed_names():
    text = """events: Ir
fn=(1) main
1 5
cfn=(2) fib
calls=1 1
1 30
fn=(2)
1 30
cfn=(2)
calls=2 1
1 20
"""
    stacks = stacks_of(parse_callgrind(text.splitlines(), "x")).weights
    assert {tuple(f.name for f in s): w for s, w in stacks.items()} == {("main",): 5, ("main", "fib"): 30}


def test_flamegraph_pl_svg_holds_the_folded_stacks_it_was_drawn_from():
    drawn = load_profile(FIXTURES / "tsparse-v0.flamegraph.svg")
    folded = read_folded(FIXTURES / "tsparse-v0.folded")
    assert drawn.stacks == folded.stacks and drawn.total == 1_719_438_864


def test_inferno_svg_from_py_spy_icicle():
    profile = load_profile(FIXTURES / "pyspy-wordcount.svg")
    assert profile.total == 260 and len(profile.stacks) == 8
    top = max(profile.stacks, key=profile.stacks.get)
    assert [f.name for f in top] == ["<module> (wordcount.py:35)", "main (wordcount.py:32)",
                                     "count_with_list (wordcount.py:15)"]
    assert profile.stacks[top] == 196


def test_jfr_execution_samples():
    profile = load_profile(FIXTURES / "wordcount.jfr.json")
    assert (profile.total, profile.unit, len(profile.stacks)) == (97, "samples", 5)
    assert own_and_total("WordCount.countWithList", "wordcount.jfr.json") == (13, 97, "samples")
    assert own_and_total("java.util.Arrays.copyOf", "wordcount.jfr.json")[:2] == (80, 80)


def test_dhat_total_bytes_per_allocation_stack():
    # dhat: the scratch buffer, 200 blocks of 64 KiB: tb 13107200
    assert own_and_total("scratch (allocs.c)", "allocs.dhat.json") == (0, 13_107_200, "bytes")
    profile = load_profile(FIXTURES / "allocs.dhat.json")
    assert profile.total == 13_980_186
    assert any([f.name for f in s] == ["main (allocs.c)", "push (allocs.c)", "copy_word (allocs.c)",
                                       "strdup (strdup.c)", "malloc"] for s in profile.stacks)


def test_massif_peak_heap_tree():
    # ms_print: the peak snapshot holds 934,426 B; make_table's two allocation sites add up
    profile = load_profile(FIXTURES / "allocs.massif")
    assert (profile.total, profile.unit) == (934_426, "bytes")
    assert own_and_total("make_table (allocs.c)", "allocs.massif") == (360_000, 360_000, "bytes")


def test_heaptrack_folded_output_has_no_empty_frame():
    """heaptrack_print writes 'a;b; 123': the ';' before the count makes no frame."""
    profile = load_profile(FIXTURES / "allocs.heaptrack-peak.folded")
    assert profile.total == 1_007_130 and all(f.name for stack in profile.stacks for f in stack)
    assert own_and_total("make_table (allocs.c)", "allocs.heaptrack-peak.folded")[0] == 360_000


@pytest.mark.parametrize("file, unit, frame", [
    ("wordcount.speedscope.json", "ms", "count_with_list (wordcount.py) — 1,448 ms (94.5%)"),
    ("wordcount.cpuprofile", "samples", "countWithList (wordcount.js) — 44 samples (27.2%)"),
    ("tsparse-go.pprof", "samples", "time.parse — 120 samples (48.4%)"),
    ("tsparse-v1.callgrind", "instructions", "digits — 792,000,000 instructions (18.6%)"),
    ("pyspy-wordcount.svg", "samples", "count_with_list (wordcount.py:15) — 196 samples (75.4%)"),
    ("wordcount.jfr.json", "samples", "WordCount.countWithList — 97 samples (100.0%)"),
    ("allocs.dhat.json", "bytes", "scratch (allocs.c) — 13,107,200 bytes (93.8%)"),
    ("allocs.massif", "bytes", "make_table (allocs.c) — 360,000 bytes (38.5%)"),
])
def test_each_format_draws_a_flame_graph_in_its_own_unit(content, file, unit, frame):
    html, _ = render("flamegraph", f"file: {file}", content)
    soup = BeautifulSoup(html, "html.parser")
    titles = [t.text for t in soup.select("svg title")]
    assert frame in titles
    assert f" {unit} in total" in soup.figcaption.text
    assert soup.svg["data-unit"] == unit  # flame.js's search readout: "Matched: 12.3% of bytes"


def test_memory_tables_speak_of_bytes(content):
    html, _ = render("hotfunctions", "file: allocs.massif\ntop: 3", content)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.figcaption.text.startswith("Self: share of bytes in the function itself")
    rows = [[cell.text for cell in tr.find_all(["th", "td"])] for tr in soup.tbody.find_all("tr")]
    assert rows == [["make_table (allocs.c)", "38.5%", "38.5%"], ["push (allocs.c)", "34.2%", "54.5%"],
                    ["strdup (strdup.c)", "20.2%", "20.2%"]]


def test_heaptrack_peak_is_drawn_in_bytes_when_told(content):
    html, _ = render("flamegraph", "file: allocs.heaptrack-peak.folded\nunit: bytes", content)
    titles = [t.text for t in BeautifulSoup(html, "html.parser").select("svg title")]
    assert "push (allocs.c) — 508,890 bytes (50.5%)" in titles


def test_weight_period_only_where_a_format_has_it(content):
    with pytest.raises(PerfblogError) as error:
        render("flamegraph", "file: allocs.massif\nweight: period", content)
    assert error.value.key == "weight" and error.value.line == 12  # the weight: line of the block
    assert error.value.message.endswith("allocs.massif is a massif profile, with one weight")


def test_format_option_overrides_detection(content):
    with pytest.raises(PerfblogError, match="expected 'frame;frame;... count'") as error:
        render("flamegraph", "file: wordcount.cpuprofile\nformat: folded", content)
    assert error.value.key == "file"


@pytest.mark.parametrize("data, says", [
    (b"PERFILE2\x68\x00\x00", "a perf.data file (perf record's binary output), which perfblog does not read: "
                              "run 'perf script -i perf.data > profile.perf.txt'"),
    (b'{"traceEvents": [{"ph": "X"}]}', "a Chrome trace (trace events), not a CPU profile"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><title>logo</title></svg>', "an SVG without flame-graph frames"),
    (b"\x89PNG\r\n\x1a\n....", "an image, not a profile"),
])
def test_detection_says_what_a_file_looks_like(content, data, says):
    (content / "odd.bin").write_bytes(data)
    with pytest.raises(PerfblogError) as error:
        render("flamegraph", "file: odd.bin", content)
    assert f"odd.bin: this looks like {says}" in error.value.message and error.value.key == "file"


def test_detection_lists_the_formats_when_it_cannot_tell(content):
    (content / "notes.txt").write_text("just some words\n")
    with pytest.raises(PerfblogError) as error:
        render("flamegraph", "file: notes.txt", content)
    message = error.value.message
    assert message.startswith("notes.txt: cannot tell what profile format this is; perfblog reads perf-script: ")
    for name in ("speedscope", "cpuprofile", "callgrind", "pprof", "flamegraph-svg", "folded"):
        assert f"; {name}: " in message or f" {name}: " in message
    assert message.endswith("say which with a 'format:' line")


def test_gzipped_text_is_not_taken_for_pprof(content):
    (content / "stacks.gz").write_bytes(gzip.compress(b"main;work 3\n"))
    with pytest.raises(PerfblogError, match="cannot tell what profile format"):
        render("flamegraph", "file: stacks.gz", content)


def test_a_diff_needs_one_unit(content):
    with pytest.raises(PerfblogError, match="the before profile counts ms and the after profile samples") as error:
        render("flamegraph-diff", "before: wordcount.speedscope.json\nafter: wordcount.cpuprofile", content)
    assert error.value.key == "after"
