"""Collapsing raw `perf script` output: a real recording and hand-written corner cases."""

from __future__ import annotations

import pytest

from flamehelp import FIXTURES
from perfblog.blocks import PerfblogError
from perfblog.flame.folded import Frame
from perfblog.flame.perfscript import parse_perf_script, read_perf_script

BEFORE = FIXTURES / "perf-script-sort-before.txt"


def sample_headers(path) -> list[str]:
    return [line for line in path.read_text().splitlines() if line and not line[0].isspace()]


def test_real_recording_counts_samples_by_default():
    profile = read_perf_script(BEFORE)
    assert profile.total == len(sample_headers(BEFORE))  # 365 samples, one per header
    hottest = max(profile.stacks, key=profile.stacks.get)
    assert [f.name for f in hottest] == [
        "sortbench", "__libc_start_call_main", "main", "run_round", "insertion_sort",
    ]
    assert all(stack[0] == Frame("sortbench") for stack in profile.stacks)


def test_period_weight_uses_the_event_period():
    profile = read_perf_script(BEFORE, weight="period")
    assert profile.total == 2004008 * len(sample_headers(BEFORE))


def test_offsets_stripped_and_kernel_frames_marked():
    profile = read_perf_script(BEFORE)
    frames = {frame for stack in profile.stacks for frame in stack}
    assert not any("+0x" in f.name for f in frames)
    assert Frame("asm_sysvec_apic_timer_interrupt", "kernel") in frames
    assert Frame("insertion_sort") in frames


def test_deep_recursion_in_after_recording():
    profile = read_perf_script(FIXTURES / "perf-script-sort-after.txt")
    deepest = max(len(stack) for stack in profile.stacks)
    assert deepest > 15  # merge_sort recursing
    assert any(f.name == "merge" for stack in profile.stacks for f in stack)


HAND_WRITTEN = """\
# ========
# cmdline : /usr/bin/perf record -g ./app
V8 WorkerThread 24636/25607 [000] 94564.109216: 100 cycles:
\t    7f01 Builtins_Call+0x10 (/tmp/perf-24636.map)
\t    5501 [unknown] (/usr/lib/libfoo.so.1)
\t    5502 [unknown] ([unknown])
\t    ffffffff81000000 entry_SYSCALL_64+0x1 ([kernel.kallsyms])

app 12 1.5: 7 instructions:
\t    11 main+0x1 (/app)

app 12 1.6: 9 cycles:
\t    11 std::vector<int, std::allocator<int> >::push_back(int const&)+0x1f (/app)
\t    12 main+0x2 (/app)
"""


def test_hand_written_corner_cases():
    profile = parse_perf_script(HAND_WRITTEN.splitlines(keepends=True), weight="period")
    assert profile.stacks == {
        (
            Frame("V8_WorkerThread"),
            Frame("entry_SYSCALL_64", "kernel"),
            Frame("[unknown]"),
            Frame("[libfoo.so.1]"),
            Frame("Builtins_Call", "jit"),
        ): 100,
        # the 'instructions' sample is dropped: only the first event type counts
        (Frame("app"), Frame("main"), Frame("std::vector<int, std::allocator<int> >::push_back(int const&)")): 9,
    }


def test_crlf_and_no_trailing_blank_line():
    text = "app 1 1.0: 1 cpu-clock:\r\n\t 1 f+0x1 (/app)\r\n\t 2 main (/app)"
    profile = parse_perf_script(text.splitlines(keepends=True))
    assert profile.stacks == {(Frame("app"), Frame("main"), Frame("f")): 1}


def test_not_perf_script_is_an_error():
    with pytest.raises(PerfblogError, match="no samples"):
        parse_perf_script(["# nothing\n"], source="x.txt")
