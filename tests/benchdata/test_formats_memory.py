"""Memory profilers' summaries for the memory block: massif, DHAT (valgrind 3.19.0), heaptrack 1.4.0. Real runs."""

from __future__ import annotations

import pytest
from formats_support import FIXTURES, fixture, one, rendered, rows, shown, verdict

from perfblog.benchdata.adapters import Source, detect

MEM, HT = "valgrind-3.19.0-memory", "heaptrack-1.4.0"


@pytest.mark.parametrize("path, fmt", [(f"{MEM}/massif.after.out", "massif"), (f"{MEM}/dhat.before.json", "dhat"),
                                       (f"{HT}/heaptrack_print.after.txt", "heaptrack")])
def test_detected(path, fmt):
    assert detect(Source(path, FIXTURES / path)) == fmt


def test_massif_peak_snapshot():
    peak = one(fixture(f"{MEM}/massif.after.out"), "./sort", "peak heap")
    # the snapshot marked heap_tree=peak: mem_heap_B=32000, mem_heap_extra_B=16; ms_print's graph tops at 31.27 KB
    assert (peak.value, peak.low, peak.high) == (32000, 32000, 32000)
    assert round((32000 + one(fixture(f"{MEM}/massif.after.out"), "./sort", "peak heap overhead").value) / 1024, 2) == 31.27
    assert one(fixture(f"{MEM}/massif.before.out"), "./sort", "peak heap").value == 20096


def test_dhat_totals_are_what_dhat_printed():
    found = fixture(f"{MEM}/dhat.after.json")
    # dhat.after.stderr.txt: "Total: 36,096 bytes in 3 blocks", "At t-gmax: 32,000 bytes in 2 blocks",
    # "At t-end: 0 bytes in 0 blocks", "Reads: 705,162 bytes", "Writes: 378,166 bytes"
    values = {m.metric: m.value for m in found}
    assert values == {"allocations": 3, "bytes allocated": 36096, "peak heap": 32000, "peak heap blocks": 2,
                      "live at exit": 0, "bytes read": 705162, "bytes written": 378166}


def test_heaptrack_summary_lines():
    found = fixture(f"{HT}/heaptrack_print.after.txt")
    # "calls to allocation functions: 4 (1333/s)", "peak heap memory consumption: 104.70K", "total memory leaked: 4.10K"
    assert one(found, "./sort", "allocations").value == 4
    assert one(found, "./sort", "peak heap").value == pytest.approx(104700)
    assert one(found, "./sort", "leaked").value == pytest.approx(4100)  # a 4096-byte stdout buffer
    assert one(found, "./sort", "peak RSS with heaptrack").value == pytest.approx(3.96e6)


def test_rendered_memory_block_of_two_dhat_runs():
    soup = rendered("memory", f"before: {MEM}/dhat.before.json\nafter: {MEM}/dhat.after.json")
    [row] = rows(soup)  # the block's default metrics are memory and allocations: DHAT has the second
    assert row[0] == "./sort" and [shown(c) for c in row[1:3]] == [2, 3]
    assert verdict(row[3]) == "+50.0% 1.50× more"
    peak = rendered("memory", f"before: {MEM}/massif.before.out\nafter: {MEM}/massif.after.out\nmetrics: peak heap")
    [row] = rows(peak)
    assert [shown(c) for c in row[1:3]] == [pytest.approx(20096, rel=5e-3), pytest.approx(32000, rel=5e-3)]
    assert verdict(row[3]) == "+59.2% 1.59× larger"


def test_memray_stats_json():
    path = "memray-1.20.0/stats.json"
    assert detect(Source(path, FIXTURES / path)) == "memray"
    found = fixture(path)
    # stats.txt: "Total allocations: 211", "Total memory allocated: 49.991MB", "Peak memory usage: 32.077MB"
    assert one(found, "mem.py", "allocations").value == 211
    assert round(one(found, "mem.py", "bytes allocated").value / 1e6, 3) == 49.991
    assert round(one(found, "mem.py", "peak memory").value / 1e6, 3) == 32.077
    soup = rendered("memory", f"file: {path}\nmetrics: peak memory, allocations")
    assert [r[1] for r in rows(soup)] == ["peak memory", "allocations"]
    assert shown(rows(soup)[0][2]) == pytest.approx(32077228, rel=5e-3)
