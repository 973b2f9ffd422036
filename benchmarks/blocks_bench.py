"""Cost of data blocks: a post with many blocks vs the same post with plain Markdown tables.

Run:  .venv/bin/python benchmarks/blocks_bench.py [--blocks 30] [--repeat 7]

The post cycles through real fixtures (Criterion before/after, hyperfine with a
baseline, pytest-benchmark before/after, go test -benchmem memory, a Criterion
journey). The control is the very same post with every block replaced by a
Markdown table holding the cells the block rendered, so both pages show the
same numbers. Both are converted with the site's own Markdown settings; the
perfblog side also parses, compares and renders its blocks. Times are CPU time
of this process, median of --repeat runs; the ratio is perfblog / control,
measured in the same run. "cold" clears the adapters' per-file caches before
each run (a build that reads every file once); "warm" keeps them (several
blocks or rebuilds reading the same files).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

import markdown  # noqa: E402
from pelican.settings import read_settings  # noqa: E402

from perfblog.benchdata.adapters import _common  # noqa: E402
from perfblog.blocks.dispatch import substitute_blocks  # noqa: E402
from perfblog.blocks.kinds import load_kinds  # noqa: E402
from perfblog.blocks.templates import block_template_renderer  # noqa: E402
from perfblog.glue.polish import polish  # noqa: E402

KINDS = load_kinds(["perfblog.benchdata.render"])

FIXTURES = ROOT / "tests" / "fixtures" / "bench"
BLOCKS = [
    ("bench", "file: criterion-0.3.6/D_fast_vs_before.target/criterion\nbefore: #before\nafter: #new"),
    ("bench", "file: hyperfine-1.15.0/hf_two_commands.json\nbaseline: python3 slow.py"),
    ("bench", "before: pytest-benchmark-5.3.1/pytest_benchmark_before.json\n"
              "after: pytest-benchmark-5.3.1/pytest_benchmark_after.json"),
    ("memory", "before: go-1.19.8/go_bench_before.txt\nafter: go-1.19.8/go_bench_after.txt"),
    ("journey", "file: criterion-0.3.6/D_fast_vs_before.target/criterion\nversions: Before = #before, After = #new"),
]
PROSE = ("We measured again after the change, on the same machine and with the same inputs, "
         "and the table below shows what the tool recorded. ") * 4


class _Cells(HTMLParser):
    """Rows of cell texts of every table in some HTML."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()).replace("|", "/"))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def markdown_table(html: str) -> str:
    parser = _Cells()
    parser.feed(html)
    rows = [r for r in parser.rows if r]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def posts(count: int, render) -> tuple[str, str]:
    """(post with blocks, the same post with Markdown tables)."""
    with_blocks, with_tables = [], []
    for i in range(count):
        kind, body = BLOCKS[i % len(BLOCKS)]
        with_blocks += [f"## Section {i}", PROSE, f"```{kind}\n{body}\ncaption: Block {i}\n```"]
        with_tables += [f"## Section {i}", PROSE, markdown_table(render(kind, body, i))]
    return "\n\n".join(with_blocks) + "\n", "\n\n".join(with_tables) + "\n"


def cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    config = dict(settings["MARKDOWN"])
    configs = dict(config["extension_configs"])
    plain_md = markdown.Markdown(extensions=list(configs), extension_configs=configs,
                                 output_format=config["output_format"])
    configs_blocks = {**configs, "perfblog.blocks.syntax": {"kinds": sorted(KINDS)}}
    block_md = markdown.Markdown(extensions=list(configs_blocks), extension_configs=configs_blocks,
                                 output_format=config["output_format"])
    render_template = block_template_renderer(settings)

    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(FIXTURES, content)
        post_path = content / "post.md"

        def substitute(html: str):
            return substitute_blocks(
                html, post_path=post_path, content_root=content, kinds=KINDS,
                render_template=render_template, settings=settings, metadata={}, id_prefix="p",
            )

        def render_one(kind: str, body: str, i: int) -> str:
            html = block_md.reset().convert(f"```{kind}\n{body}\n```\n")
            result = substitute(html)
            assert not result.errors, result.errors
            return result.html

        source, control = posts(args.blocks, render_one)

        def perfblog_page():
            result = substitute(block_md.reset().convert(source))
            assert not result.errors and result.html.count("<table") == args.blocks
            polish(result.html)

        def control_page():
            html = plain_md.reset().convert(control)
            assert html.count("<table") == args.blocks
            polish(html)

        def cold():
            _common._read.cache_clear()
            _common._parse_json.cache_clear()
            perfblog_page()

        control_times = [cpu(control_page) for _ in range(args.repeat)]
        cold_times = [cpu(cold) for _ in range(args.repeat)]
        warm_times = [cpu(perfblog_page) for _ in range(args.repeat)]

    base = statistics.median(control_times)
    print(f"post with {args.blocks} blocks, CPU time, median of {args.repeat}")
    print(f"{'variant':<38}{'ms':>9}{'ratio':>9}")
    for name, times in [("control: plain Markdown tables", control_times),
                        ("perfblog blocks, cold file caches", cold_times),
                        ("perfblog blocks, warm file caches", warm_times)]:
        median = statistics.median(times)
        print(f"{name:<38}{median * 1000:>9.1f}{median / base:>8.2f}×")


if __name__ == "__main__":
    main()
