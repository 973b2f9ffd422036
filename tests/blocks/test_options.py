"""Declared options: one reader for every kind, one wording for every mistake."""

import pytest

from perfblog.blocks import FLAG, FRACTION, NAMES, PAIRS, SHARE, TEXT, Option, choice, whole
from perfblog.blocks.kinds import load_kinds
from perfblog.blocks.options import OptionError, read_options
from perfblog.glue.plugin import DEFAULTS

DECLARED = (
    Option("caption", TEXT),
    Option("chart", FLAG, True),
    Option("min-width", SHARE, 0.001),
    Option("significance", FRACTION, 0.05),
    Option("top", whole(1, 100), 10),
    Option("format", choice("auto", "folded"), "auto"),
    Option("benchmarks", NAMES, ()),
    Option("rename", PAIRS, {}),
    Option("file", TEXT, required=True),
)


def read(**given):
    return read_options("demo", DECLARED, {"file": "x", **given})


def test_defaults_fill_what_the_author_left_out():
    values = read()
    assert values == {"caption": None, "chart": True, "min-width": 0.001, "significance": 0.05, "top": 10,
                      "format": "auto", "benchmarks": (), "rename": {}, "file": "x", "allow": ()}


@pytest.mark.parametrize("word, value", [("yes", True), ("true", True), ("On", True), ("1", True),
                                         ("no", False), ("false", False), ("off", False), ("0", False)])
def test_booleans_accept_the_same_words_everywhere(word, value):
    assert read(chart=word)["chart"] is value


def test_typed_values():
    values = read(**{"min-width": "0.5%", "significance": "1%", "top": "3", "format": "Folded",
                     "benchmarks": '"BM<a, b>", fib', "rename": "old = new, a = b"})
    assert values["min-width"] == 0.005 and values["significance"] == 0.01 and values["top"] == 3
    assert values["format"] == "folded" and values["benchmarks"] == ["BM<a, b>", "fib"]
    assert values["rename"] == {"old": "new", "a": "b"}


@pytest.mark.parametrize("key, text, wording", [
    ("chart", "maybe", "'chart' must be yes or no, not 'maybe'"),
    ("min-width", "200%", "'min-width' must be a share such as 0.5% or 0.005"),
    ("significance", "0", "'significance' should be a fraction like 0.05"),
    ("top", "many", "'top' must be a whole number from 1 to 100"),
    ("format", "foldd", "'format' must be one of auto, folded, not 'foldd' (did you mean 'folded'?)"),
    ("rename", "oops", "'rename' takes 'old = new' pairs"),
])
def test_bad_values_name_the_option(key, text, wording):
    with pytest.raises(OptionError) as error:
        read(**{key: text})
    assert error.value.key == key and wording in error.value.message


def test_unknown_and_missing_keys_have_one_wording():
    with pytest.raises(OptionError, match="unknown option 'captoin' for a demo block \\(did you mean 'caption'\\?\\)"):
        read(captoin="x")
    with pytest.raises(OptionError, match="the demo block needs a 'file:' line"):
        read_options("demo", DECLARED, {})


def test_every_kind_declares_its_options_with_help():
    kinds = load_kinds(DEFAULTS["PERFBLOG_FEATURES"])
    assert {"bench", "memory", "journey", "environment", "flamegraph", "flamegraph-diff", "hotfunctions",
            "calltree", "compare", "flamegraph-svg"} <= set(kinds)
    for kind in kinds.values():
        assert kind.help, kind.name
        names = [o.name for o in kind.options]
        assert len(names) == len(set(names)) and "allow" not in names, kind.name  # allow: is the framework's
        assert all(o.help for o in kind.options), (kind.name, [o.name for o in kind.options if not o.help])
