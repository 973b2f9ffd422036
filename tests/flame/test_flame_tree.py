"""The frame tree: merging, pruning, pre-order layout, hot functions and the text call tree."""

from __future__ import annotations

import pytest

from flamehelp import FIXTURES
from perfblog.flame.folded import parse_folded, read_folded
from perfblog.flame.tree import (
    Node, build_tree, call_tree_rows, function_shares, hot_functions, layout,
)

SMALL = """\
main;parse;lex 5
main;parse 2
main;eval 3
main;eval;lex 2
 1
"""


def profile_of(text: str):
    return parse_folded(text.splitlines(keepends=True))


def test_totals_and_self_counts():
    root = build_tree(profile_of(SMALL))
    assert (root.total, root.self) == (13, 1)  # the empty stack is the root's own
    main = next(iter(root.children.values()))
    assert (main.frame.name, main.total, main.self) == ("main", 12, 0)
    eval_, parse = main.children.values()  # name order, as flamegraph.pl draws
    assert (eval_.frame.name, eval_.total, eval_.self) == ("eval", 5, 3)
    assert (parse.frame.name, parse.total, parse.self) == ("parse", 7, 2)


def test_layout_is_preorder_and_contiguous():
    placed = layout(build_tree(profile_of(SMALL)), 0)
    assert [(p.node.frame.name, p.depth, p.start) for p in placed] == [
        ("all", 0, 0), ("main", 1, 0), ("eval", 2, 0), ("lex", 3, 0), ("parse", 2, 5), ("lex", 3, 5),
    ]


def test_pruning_drops_narrow_subtrees():
    text = "main;hot 1000\n" + "".join(f"main;tiny{i};deeper 1\n" for i in range(500))
    root = build_tree(profile_of(text))
    assert len(layout(root, 0)) == 3 + 2 * 500
    assert [p.node.frame.name for p in layout(root, 0.01)] == ["all", "main", "hot"]


def test_pruned_build_draws_the_same_frames_in_the_same_places():
    profile = read_folded(FIXTURES / "perf-before.folded")
    full, pruned = build_tree(profile), build_tree(profile, 0.01)
    def drawn(root: Node) -> list:
        return [(p.node.frame, p.depth, p.start, p.node.total, p.node.self) for p in layout(root, 0.01)]

    def size(node: Node) -> int:
        return 1 + sum(size(child) for child in node.children.values())

    assert drawn(full) == drawn(pruned)
    assert size(pruned) < size(full) / 2


def test_function_shares_count_recursion_once():
    shares = function_shares(profile_of("a;b;a;b 4\na 4\n"))
    assert shares["a"].total == 1.0  # on every stack, however often
    assert shares["b"].self == 0.5 and shares["a"].self == 0.5


def test_hot_functions_keep_removed_hotspots():
    before = read_folded(FIXTURES / "perf-before.folded")
    after = read_folded(FIXTURES / "perf-after.folded")
    rows = hot_functions(after, before, top=3)
    assert [r.name for r in rows] == ["__strcmp_evex", "count_word", "hash"]
    assert rows[0].before.self > 0.85 and rows[0].after.self < 0.25
    assert rows[2].before.total == 0  # 'hash' is new in the after profile


def test_hot_functions_of_one_profile():
    rows = hot_functions(profile_of(SMALL), top=2)
    assert [(r.name, r.before) for r in rows] == [("lex", None), ("eval", None)]


@pytest.mark.parametrize("built", [0, 0.2], ids=["whole-tree", "pruned-tree"])  # the block builds it pruned
def test_call_tree_text(built):
    lines = [row.line() for row in call_tree_rows(build_tree(profile_of(SMALL), built), depth=2, threshold=0.2)]
    assert lines == [
        "all 100.0%, self 7.7%",  # the empty stack
        "└── main 92.3%",
        "    ├── parse 53.8%, self 15.4%",
        "    │   └── … 1 more frame below the depth limit, 38.5%",
        "    └── eval 38.5%, self 23.1%",
        "        └── … 1 more frame below the depth limit, 15.4%",
    ]


@pytest.mark.parametrize("built", [0, 0.4], ids=["whole-tree", "pruned-tree"])
def test_call_tree_summarises_frames_under_the_threshold(built):
    lines = [row.line() for row in call_tree_rows(build_tree(profile_of(SMALL), built), depth=5, threshold=0.4)]
    assert lines[2:] == [
        "    ├── parse 53.8%, self 15.4%",
        "    │   └── … 1 more frame below the threshold, 38.5%",
        "    └── … 1 more frame below the threshold, 38.5%",
    ]
