"""Differential flame graphs: Gregg's semantics on real pairs, aligning two builds of one program,
what vanished and appeared, and refusing (or forcing) a renamed pair."""

from __future__ import annotations

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
    assert "the call stacks match on 36% of their frames, from the root down" in warning
    assert "rename: old = new" in warning and "'force: yes' draws the diff anyway" in warning
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


TSPARSE = "before: tsparse-v0.perf.txt\nafter: tsparse-v1.perf.txt"


def elided_rows(html: str) -> list[tuple[str, str, str]]:
    table = BeautifulSoup(html, "html.parser").select_one(".pb-flame-elided table")
    return [tuple(c.text for c in tr.find_all(["th", "td"])) for tr in table.tbody.find_all("tr")]


def test_two_builds_of_one_program_are_aligned_and_diffed_by_default(content):
    """tsparse_v0 (sscanf + timegm) and tsparse_v1 (fixed columns): two binaries, so perf script
    roots every stack at a different command name."""
    html, ctx = render("flamegraph-diff", TSPARSE, content)
    assert not ctx.notices
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(class_="pb-flame-legend") and not soup.find(class_="pb-flame-warning")
    caption = soup.figcaption.text
    assert "the call stacks match on 68% of their frames, from the root down" in caption
    assert ("the root frames tsparse_v0 (before) and tsparse_v1 (after) differ only by the program's name, "
            "so they are drawn as one (the match is 0% without that)") in caption
    assert soup.find_all("g")[1].title.text.startswith("tsparse_v1 — 154 samples (100.0%)")
    assert frames(html)["digits"] == [("g5", "digits — 31 samples (20.1%); self 0% → 20.1% (+20.1 pp, grew); "
                                             "this call path is only in the after profile")]
    rows = elided_rows(html)
    assert rows[0] == ("… › main › run › parse_line", "before (gone)", "85.3% of before")
    assert ("… › main › run › parse_fixed", "after (new)", "29.9% of after") in rows
    assert ("tsparse_v0 › run › parse_line", "before (gone)", "0.23% of before") in rows  # its own root name
    assert soup.select_one(".pb-flame-elided p").text == "3 more only in before, 0.35% of before; 4 more only in after, 2.6% of after."


def test_frame_pointer_recordings_of_the_pair_are_diffed_by_default_too(content):
    """Plain 'perf record -g': libc has no frame pointers, so sscanf's callers are lost, and still
    the two builds diff once their roots are aligned."""
    html, ctx = render("flamegraph-diff", "before: tsparse-fp-v0.perf.txt\nafter: tsparse-fp-v1.perf.txt", content)
    assert not ctx.notices
    caption = BeautifulSoup(html, "html.parser").figcaption.text
    assert "match on 63% of their frames" in caption and "(the match is 0% without that)" in caption
    assert elided_rows(html)[0] == ("tsparse_v0 › [unknown] › __isoc99_sscanf", "before (gone)", "53.9% of before")


def test_negated_view_keeps_the_before_name_and_lists_after_paths_by_theirs(content):
    html, _ = render("flamegraph-diff", TSPARSE + "\nnegated: yes", content)
    assert BeautifulSoup(html, "html.parser").find_all("g")[1].title.text.startswith("tsparse_v0 — 858 samples")
    assert ("tsparse_v1 › run › parse_fixed", "after (new)", "1.3% of after") in elided_rows(html)


def test_force_draws_the_diff_of_a_renamed_pair(content):
    body = "before: pyspy-before.folded\nafter: pyspy-after.folded\nforce: yes"
    html, ctx = render("flamegraph-diff", body, content)
    assert not ctx.notices
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(class_="pb-flame-legend") and not soup.find(class_="pb-flame-warning")
    assert "match on 36% of their frames" in soup.figcaption.text
    assert "drawn although that is under half ('force: yes')" in soup.figcaption.text
    gone = [row for row in elided_rows(html) if row[1] == "before (gone)"]
    assert gone[0][0] == "<module> (jsonish.py) › main (jsonish.py) › parse_value (jsonish.py)"


def test_match_score_is_how_far_down_the_stacks_agree():
    before = parse_folded(["main;parse;sscanf 3\n", "main;load 1\n"])
    after = parse_folded(["main;parse;digits 1\n", "main;load 1\n"])
    diff = differential(before, after)
    # before: sscanf's stack agrees on 2 of 3 frames (3 samples), load's on 2 of 2 (1 sample)
    assert diff.match_ratio == pytest.approx(min((3 * 2 / 3 + 1) / 4, (2 / 3 + 1) / 2))
    assert diff.gone == [(("main", "parse", "sscanf"), 0.75)] and diff.new == [(("main", "parse", "digits"), 0.5)]


def test_side_by_side_shows_each_profile_as_recorded(content):
    body = "before: tsparse-v0.perf.txt\nafter: pyspy-after.folded\nfallback: side-by-side"
    html, ctx = render("flamegraph-diff", body, content)
    assert not ctx.notices
    before, after = BeautifulSoup(html, "html.parser").find_all("figure", attrs={"data-pb-flame": True})
    assert before.find_all("g")[1].title.text.startswith("tsparse_v0 — ")
    assert after.find_all("g")[1].title.text.startswith("<module> (jsonish.py) — ")
