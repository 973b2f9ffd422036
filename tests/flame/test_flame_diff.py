"""Differential flame graphs: Gregg's semantics on a real pair, and refusing a renamed pair."""

from __future__ import annotations

import logging
import re

import pytest
from bs4 import BeautifulSoup

from flamehelp import FIXTURES, render
from perfblog.blocks import PerfblogError
from perfblog.flame.diff import MIN_MATCH, differential
from perfblog.flame.folded import parse_folded, read_folded

PERF = "before: perf-before.folded\nafter: perf-after.folded\nunit: ns"


def frames(html: str) -> dict[str, list[tuple[str, str]]]:
    """name -> [(class, title)] for every drawn frame."""
    found: dict[str, list[tuple[str, str]]] = {}
    for g in BeautifulSoup(html, "html.parser").find_all("g"):
        title = g.title.text
        found.setdefault(title.split(" — ")[0], []).append((g["class"][0], title))
    return found


def root_title(html: str) -> str:
    return BeautifulSoup(html, "html.parser").find("g").title.text


def test_red_grew_blue_shrank_widths_from_after(content):
    html, ctx = render("flamegraph-diff", PERF, content)
    drawn = frames(html)
    (strcmp,) = [f for f in drawn["__strcmp_evex"] if "shrank" in f[1]]
    assert strcmp[0] == "s5"  # the linear search that the hash table removed
    assert "88.2% → 22.3% (−65.9 pp, shrank)" in strcmp[1]
    (hash_,) = drawn["hash"]
    assert hash_[0].startswith("g") and "only in the after profile" in hash_[1]
    assert root_title(html).startswith("all — 3,412,825,624 ns")  # the after total
    assert "red grew, blue shrank" in html
    assert ctx.assets == {"flame.js", "flame.css"}


def test_negated_view_keeps_vanished_paths(content):
    html, _ = render("flamegraph-diff", PERF + "\nnegated: yes", content)
    assert root_title(html).startswith("all — 4,300,601,168 ns")  # the before total
    gone = [f for fs in frames(html).values() for f in fs if "only in the before profile" in f[1]]
    assert gone and all(cls.startswith(("s", "n")) for cls, _ in gone)
    assert "before (negated view)" in html


def test_raw_counts_in_titles_when_not_normalized(content):
    html, _ = render("flamegraph-diff", PERF + "\nnormalize: no", content)
    (strcmp,) = [f for f in frames(html)["__strcmp_evex"] if "shrank" in f[1]]
    assert "self 3,791,583,136 → 759,519,032 ns (−3,032,064,104, shrank)" in strcmp[1]
    assert "raw counts" in html


def test_without_normalization_raw_counts_are_compared():
    before = parse_folded(["main;a 10\n", "main;b 10\n"])
    after = parse_folded(["main;a 10\n", "main;b 30\n"])
    normalized = differential(before, after)
    raw = differential(before, after, normalize=False)
    a_norm = next(c for n, c in normalized.changes.items() if n.frame.name == "a")
    a_raw = next(c for n, c in raw.changes.items() if n.frame.name == "a")
    assert a_norm.delta < 0  # a's share fell from 50% to 25%
    assert a_raw.delta == 0  # but its count did not change
    assert max(normalized.levels.values()) == 5 and min(normalized.levels.values()) == -5


def test_match_ratio_of_real_pairs():
    perf = differential(read_folded(FIXTURES / "perf-before.folded"), read_folded(FIXTURES / "perf-after.folded"))
    pyspy = differential(read_folded(FIXTURES / "pyspy-before.folded"), read_folded(FIXTURES / "pyspy-after.folded"))
    assert perf.match_ratio > 0.9
    assert pyspy.match_ratio < MIN_MATCH  # parse_value() became Parser.value()


def test_renamed_functions_are_refused_with_a_warning(content):
    body = "before: pyspy-before.folded\nafter: pyspy-after.folded\ntitle: Parser"
    html, ctx = render("flamegraph-diff", body, content)
    (notice,) = ctx.notices
    assert notice.name == "diff-refused" and "pyspy-before.folded" in notice.message and "pyspy-after.folded" in notice.message
    soup = BeautifulSoup(html, "html.parser")
    warning = soup.find(class_="pb-flame-warning").text
    assert re.search(r"Only \d+% of the self time in", warning) and "rename: old = new" in warning
    graphs = soup.find_all("figure", attrs={"data-pb-flame": True})
    assert [g["id"] for g in graphs] == ["b1-before", "b1-after"]
    assert not soup.find(class_="pb-flame-legend")  # no diff colours drawn


def test_identical_profiles_are_all_neutral(content):
    html, _ = render("flamegraph-diff", "before: perf-before.folded\nafter: perf-before.folded", content)
    assert {cls for fs in frames(html).values() for cls, _ in fs} == {"n"}


def test_rename_maps_old_names_so_the_diff_is_drawn(content):
    body = (
        "before: pyspy-before.folded\nafter: pyspy-after.folded\n"
        "rename: parse_value (jsonish.py) = Parser.value (jsonish.py), "
        "parse_array (jsonish.py) = Parser.array (jsonish.py), parse_object (jsonish.py) = Parser.obj (jsonish.py)"
    )
    html, ctx = render("flamegraph-diff", body, content)
    assert not ctx.notices
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(class_="pb-flame-legend") and not soup.find(class_="pb-flame-warning")
    assert "Parser.value (jsonish.py)" in {t.get_text().split(" — ")[0] for t in soup.find_all("title")}


def test_rename_syntax_errors_point_at_the_option(content):
    with pytest.raises(PerfblogError, match="'rename' takes 'old = new' pairs") as error:
        render("flamegraph-diff", "before: pyspy-before.folded\nafter: pyspy-after.folded\nrename: oops", content)
    assert error.value.key == "rename"
