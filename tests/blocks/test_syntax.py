"""Block syntax: what the Markdown extension recognises and how it keeps line numbers."""

import markdown
import pytest

from perfblog.blocks.syntax import PLACEHOLDER, Block, parse_block
from perfblog.blocks import PerfblogError


def blocks_in(source: str, kinds=("bench",)) -> list[Block]:
    md = markdown.Markdown(
        extensions=["perfblog.blocks.syntax", "fenced_code", "meta"],
        extension_configs={"perfblog.blocks.syntax": {"kinds": list(kinds)}},
    )
    html = md.convert(source)
    return [Block.from_payload(m["payload"]) for m in PLACEHOLDER.finditer(html)]


def test_options_data_and_line_numbers():
    block = parse_block("bench", 10, ["file: a.json", "# a comment", "caption: Two words", "", "| a | b |", "| 1 | 2 |"])
    assert block.options == {"file": "a.json", "caption": "Two words"}
    assert block.option_lines == {"file": 11, "caption": 13}
    assert block.data == "| a | b |\n| 1 | 2 |" and block.data_line == 15


def test_keys_are_case_and_underscore_insensitive():
    assert parse_block("bench", 1, ["Min_Width: 0.5"]).options == {"min-width": "0.5"}


def test_data_without_options():
    block = parse_block("bench", 1, ["| metric | before | after |"])
    assert block.options == {} and block.data_line == 2


def test_duplicate_key_and_junk_line_are_located():
    with pytest.raises(PerfblogError) as duplicate:
        parse_block("bench", 4, ["file: a", "file: b"])
    assert duplicate.value.line == 6 and duplicate.value.key == "file"
    with pytest.raises(PerfblogError) as junk:
        parse_block("bench", 4, ["file: a", "what is this"])
    assert junk.value.line == 6


def test_line_numbers_count_from_the_top_of_the_file_including_metadata():
    source = "Title: T\nDate: 2026-01-01\n\nIntro\n\n```bench\nfile: x.json\n```\n"
    [block] = blocks_in(source)
    assert block.line == 6 and block.option_lines["file"] == 7


def test_several_blocks_tildes_and_longer_fences():
    source = "```bench\nfile: a\n```\n\ntext\n\n~~~~ bench\nfile: b\n~~~~\n"
    assert [b.options["file"] for b in blocks_in(source)] == ["a", "b"]


def test_other_languages_and_nested_examples_stay_code():
    source = "```python\nprint(1)\n```\n\n````md\n```bench\nfile: a\n```\n````\n"
    assert blocks_in(source) == []


def test_unclosed_block_becomes_an_error_block_not_an_exception():
    [block] = blocks_in("text\n\n```bench\nfile: a\n")
    assert block.kind == "__error__" and block.line == 3 and "never closed" in block.options["message"]


def test_unknown_option_suggests_close_names():
    from perfblog.blocks import Option
    from perfblog.blocks.options import OptionError, read_options

    with pytest.raises(OptionError, match="did you mean 'caption'") as error:
        read_options("bench", (Option("caption"), Option("file")), {"captoin": "x"})
    assert error.value.key == "captoin"

def test_a_block_inside_a_quote_or_a_list_item_works():
    source = "Intro\n\n> A quote:\n>\n> ```bench\n> file: q.json\n> ```\n\n- item\n\n    ```bench\n    file: l.json\n    ```\n"
    md = markdown.Markdown(extensions=["perfblog.blocks.syntax", "fenced_code", "meta"],
                           extension_configs={"perfblog.blocks.syntax": {"kinds": ["bench"]}})
    html = md.convert(source)
    blocks = [Block.from_payload(m["payload"]) for m in PLACEHOLDER.finditer(html)]
    assert [(b.options["file"], b.line, b.option_lines["file"]) for b in blocks] == [("q.json", 5, 6), ("l.json", 11, 12)]
    assert html.index("<blockquote>") < html.index("perfblog-placeholder") < html.index("</blockquote>")
    assert html.index("<li>") < html.rindex("perfblog-placeholder") < html.rindex("</li>")
    assert "<code>" not in html  # no block left behind as inline code


def test_a_fence_on_the_list_markers_line_is_an_error_there():
    [block] = blocks_in("- ```bench\n  file: a\n  ```\n- next item\n")
    assert block.kind == "__error__" and block.line == 1 and "list item's own line" in block.options["message"]


def test_an_info_word_one_typo_from_a_kind_warns_and_stays_code():
    md = markdown.Markdown(extensions=["perfblog.blocks.syntax", "fenced_code"],
                           extension_configs={"perfblog.blocks.syntax": {"kinds": ["flamegraph", "bench"]}})
    html = md.convert("text\n\n```flamegrpah\nfile: a\n```\n\n```python\nx = 1\n```\n")
    [warning] = [Block.from_payload(m["payload"]) for m in PLACEHOLDER.finditer(html)]
    assert warning.kind == "__warning__" and warning.line == 3
    assert "did you mean 'flamegraph'?" in warning.options["message"]
    assert "file: a" in html  # still shown as the code it is


def test_a_language_is_never_taken_for_a_typo():
    assert blocks_in("```bash\necho\n```\n", kinds=("bench", "bash-like")) == []
