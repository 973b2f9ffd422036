"""GNU time 1.9: -v and the default format, from real runs (and two failed commands)."""

from __future__ import annotations

import pytest
from formats_support import FIXTURES, fixture, notes, one, rendered, rows, shown, verdict

from perfblog.benchdata.adapters import Source, detect

approx = pytest.approx
DIR = "gnu-time-1.9"
RSS = "maximum resident set size"


@pytest.mark.parametrize("name", ["before_v.txt", "after_default.txt", "failed_default.txt", "after_v_5runs.txt"])
def test_detected(name):
    assert detect(Source(name, FIXTURES / DIR / name)) == "gnu-time"


def test_verbose_output_names_the_command_and_reads_kbytes_as_kib():
    found = fixture(f"{DIR}/before_v.txt")
    rss = one(found, "./sort", RSS)  # "Maximum resident set size (kbytes): 1404"
    assert (rss.value, rss.unit, rss.source) == (1404 * 1024, "B", f"{DIR}/before_v.txt:10")
    assert one(found, "./sort", "minor page faults").value == 83
    assert one(found, "./sort", "major page faults").value == 1
    assert one(found, "./sort", "file system inputs").value == 8
    assert not [m for m in found if m.unit == "s"]  # every time printed as 0.00 / 0:00.00


def test_default_format_has_no_command():
    found = fixture(f"{DIR}/before_default.txt")  # "... (0avgtext+0avgdata 1456maxresident)k" / "(0major+82minor)pagefaults"
    assert one(found, "program", RSS).value == 1456 * 1024
    assert one(found, "program", "minor page faults").value == 82


def test_runs_of_one_command_are_samples():
    rss = one(fixture(f"{DIR}/after_v_5runs.txt"), "./sort", RSS)
    values = [int(line.rsplit(" ", 1)[1]) * 1024 for line in (FIXTURES / DIR / "after_v_5runs.txt").read_text().splitlines()
              if "Maximum resident set size" in line]
    assert rss.samples == tuple(values) and rss.sample_count == 5 and rss.value == approx(sum(values) / 5)


@pytest.mark.parametrize("name, command", [("failed_default.txt", "program"), ("failed_v.txt", "ls /nonexistent")])
def test_a_failed_command_is_recorded(name, command):
    rss = one(fixture(f"{DIR}/{name}"), command, RSS)
    assert rss.failures == ("exited with non-zero status 2",)  # "Command exited with non-zero status 2"


def test_elapsed_time_reads_minutes_and_seconds():
    path = "../../../content/posts/2026-11-27-word-count/data/peak-rss.txt"
    found = fixture(path)
    # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.28", "User time (seconds): 0.33", "... (kbytes): 6608"
    assert one(found, "./target/release/profile v0 1", "time").value == approx(1.28)
    assert one(found, "./target/release/profile v0 1", "user time").value == approx(0.33)
    assert one(found, "./target/release/profile final 1", RSS).value == 6620 * 1024


def test_rendered_memory_block():
    soup = rendered("memory", f"before: {DIR}/before_v.txt\nafter: {DIR}/after_v.txt\n"
                              f"metrics: {RSS}, minor page faults")
    (rss, faults) = rows(soup)
    # "Maximum resident set size (kbytes): 1404" before, 1532 after
    assert [shown(c) for c in rss[2:4]] == [approx(1404 * 1024, rel=5e-3), approx(1532 * 1024, rel=5e-3)]
    assert verdict(rss[4]) == "+9.1% 1.09× larger (untested)"
    assert faults[:4] == ["./sort", "minor page faults", "83", "86"]
    assert verdict(faults[4]) == "+3.6% 1.04× more (untested)"
    failed = rendered("memory", f"file: {DIR}/failed_v.txt\nmetrics: {RSS}")
    assert "exited with non-zero status 2" in rows(failed)[0][0]
    assert any("no spread" in n for n in notes(soup))
