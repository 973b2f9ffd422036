"""Folded-stack parsing: real files from py-spy and stackcollapse-perf.pl, and the quirks."""

from __future__ import annotations

import random
import time

import pytest

from flamehelp import FIXTURES
from perfblog.blocks import PerfblogError
from perfblog.flame.folded import Frame, parse_folded, read_folded
from perfblog.flame.load import load_profile, sniff_format


def stacks_of(text: str) -> dict:
    return parse_folded(text.splitlines(keepends=True)).stacks


def test_pyspy_file_with_empty_stack():
    profile = read_folded(FIXTURES / "pyspy-after.folded")
    assert profile.stacks[()] == 3  # the real ' 3' line: samples with no frames
    main = (Frame("<module> (jsonish.py)"), Frame("main (jsonish.py)"))
    assert profile.stacks[main] == 77
    assert profile.total == sum(
        int(line.rsplit(" ", 1)[1]) for line in (FIXTURES / "pyspy-after.folded").read_text().splitlines()
    )


def test_stackcollapse_perf_file_counts_periods():
    profile = read_folded(FIXTURES / "perf-before.folded")
    assert profile.total % 2004008 == 0  # cpu-clock periods, one per sample
    roots = {stack[0].name for stack in profile.stacks}
    assert roots == {"wordfreq"}


def test_crlf_blank_lines_comments_and_bom():
    text = "\ufeff# written by hand\r\n\r\na;b 2\r\n   \r\n# another comment\r\na;b 3\r\na 1\r\n"
    assert stacks_of(text) == {(Frame("a"), Frame("b")): 5, (Frame("a"),): 1}


def test_tab_or_spaces_before_count_and_fractions():
    text = "a;b\t2\na;c    1.5\na;d .25\n"
    assert stacks_of(text) == {
        (Frame("a"), Frame("b")): 2,
        (Frame("a"), Frame("c")): 1.5,
        (Frame("a"), Frame("d")): 0.25,
    }


def test_names_with_spaces_keep_them():
    text = "main (app.py);std::vector<int, std::allocator<int> >::push_back(int const&) 7\n"
    (stack,) = stacks_of(text)
    assert stack[1].name == "std::vector<int, std::allocator<int> >::push_back(int const&)"


@pytest.mark.parametrize(
    "raw, frame",
    [
        ("do_syscall_64_[k]", Frame("do_syscall_64", "kernel")),
        ("Interpreter_[j]", Frame("Interpreter", "jit")),
        ("inlined_fn_[i]", Frame("inlined_fn", "inlined")),
        ("plain_[x]", Frame("plain_[x]")),
        ("[unknown]", Frame("[unknown]")),
    ],
)
def test_annotations_become_kinds(raw, frame):
    (stack,) = stacks_of(f"root;{raw} 1\n")
    assert stack[-1] == frame


def test_empty_stack_alone():
    assert stacks_of(" 3\n") == {(): 3}


@pytest.mark.parametrize(
    "bad, line",
    [
        ("a;b 1\nno count here\n", 2),
        ("a;b 1\n\na;b -1\n", 3),
        ("a 1\na;b nan\n", 2),
        ("justoneword\n", 1),
        ("a;b 1e3\n", 1),
    ],
)
def test_errors_name_the_line(bad, line):
    with pytest.raises(PerfblogError) as caught:
        parse_folded(bad.splitlines(keepends=True), source="x.folded")
    assert caught.value.line == line
    assert caught.value.path == "x.folded"


def test_empty_file_is_an_error():
    with pytest.raises(PerfblogError, match="no stacks"):
        parse_folded(["# only a comment\n", "\n"])


def test_frames_are_shared_between_stacks():
    stacks = list(stacks_of("a;b 1\na;c 1\n"))
    assert stacks[0][0] is stacks[1][0]


def test_sniff_tells_folded_from_perf_script():
    assert sniff_format(FIXTURES / "pyspy-after.folded") == "folded"  # has a ' 3' line
    assert sniff_format(FIXTURES / "perf-script-sort-before.txt") == "perf-script"
    assert load_profile(FIXTURES / "perf-before.folded").total > 0


def test_100k_distinct_stacks_parse_quickly():
    rng = random.Random(1)
    names = [f"fn_{i}" for i in range(500)]
    lines = [
        ";".join(rng.choice(names) for _ in range(rng.randint(5, 25))) + f" {rng.randint(1, 50)}\n"
        for _ in range(100_000)
    ]
    start = time.perf_counter()
    profile = parse_folded(lines)
    elapsed = time.perf_counter() - start
    assert len(profile.stacks) > 99_000
    assert elapsed < 10  # about 0.5 s on the 2-core CI machine; generous for noise
