"""The example post's memory tables come from its committed files: allocs.txt (via allocs.counts) and peak-rss.txt."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from formats_support import rendered, rows, shown, verdict

POST = Path(__file__).resolve().parents[2] / "content" / "posts" / "2026-11-27-word-count"


def memory_blocks() -> list[str]:
    return re.findall(r"```memory\n(.*?)```", (POST / "index.md").read_text(), flags=re.S)


def allocs_txt() -> dict[tuple[str, str], list[str]]:
    """(corpus, impl) -> the numbers allocs.txt prints, as printed."""
    table, corpus = {}, None
    for line in (POST / "data" / "allocs.txt").read_text().splitlines():
        if line.startswith("corpus: "):
            corpus = line.split()[1].rstrip(",")
        elif line.split()[:1] and line.split()[0] in ("v0", "v1", "v2", "v3", "final"):
            table[(corpus, line.split()[0])] = line.split()[1:]
    return table


def test_no_measurement_is_typed_into_the_post():
    assert memory_blocks() and all("|" not in body for body in memory_blocks())


def test_allocs_counts_is_what_its_readme_command_makes_from_allocs_txt():
    readme = (POST / "data" / "README.md").read_text()
    command = re.search(r"^    (awk .* allocs\.txt) > allocs\.counts$", readme, flags=re.M).group(1)
    made = subprocess.run(["sh", "-c", command], cwd=POST / "data", capture_output=True, text=True, check=True).stdout
    assert made == (POST / "data" / "allocs.counts").read_text()


def test_heap_table_shows_allocs_txt_numbers():
    soup = rendered("memory", memory_blocks()[0], root=POST)
    table = {(r[0], r[1]): r[2:] for r in rows(soup)}
    printed = allocs_txt()
    for corpus in ("small", "large"):
        for metric, column in (("allocations", 0), ("bytes requested", 3), ("peak live heap", 4)):
            before, after, _ = table[(f"top_words/{corpus}", metric)]
            expected = [int(printed[(corpus, v)][column]) for v in ("v0", "final")]
            assert [shown(before), shown(after)] == [pytest.approx(x, rel=5e-3) for x in expected]  # as shown
    assert verdict(table[("top_words/large", "allocations")][2]) == "−99.5% 188× fewer"
    assert table[("top_words/small", "peak live heap")][2] == "no significant change"


def test_peak_rss_table_shows_gnu_times_kbytes():
    soup = rendered("memory", memory_blocks()[1], root=POST)
    text = (POST / "data" / "peak-rss.txt").read_text()
    kbytes = [int(k) for k in re.findall(r"Maximum resident set size \(kbytes\): (\d+)", text)]
    assert [shown(r[1]) for r in rows(soup)] == [pytest.approx(k * 1024, rel=5e-3) for k in kbytes]  # 6608 ... 6620 KiB
    assert [r[0] for r in rows(soup)] == [f"./target/release/profile {v} 1" for v in ("v0", "v1", "v2", "v3", "final")]
    assert (min(kbytes), max(kbytes)) == (6420, 6620)  # the range the sentence after the tables quotes
    assert "between 6,420 and 6,620 KiB" in (POST / "index.md").read_text()
