"""Synthetic sites for ``site_bench.py``: N posts from the repository's real fixtures.

Each perfblog post has about 900 words of generated prose (text, not measurements),
two code blocks, two ``bench`` blocks (a Criterion tree and pytest-benchmark JSON)
and a pair of ``flamegraph`` blocks (perf folded stacks, before and after). Every
post gets its own copy of the data (hard links when the file system allows), so
no post shares a parsed file with another, as on a real blog.

The *control* site has the same posts for stock Pelican: each bench block becomes
the Markdown table perfblog renders from the same data (the numbers are perfblog's
own output, never typed), and each graph an ``<img>`` of the SVG perfblog drew.
"""

from __future__ import annotations

import os
import random
import re
import shutil
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

#: destination inside a post's folder -> real fixture it is copied from
DATA = {
    "data/criterion": FIXTURES / "bench/criterion-0.3.6/D_fast_vs_before.target/criterion",
    "data/pytest_benchmark_before.json": FIXTURES / "bench/pytest-benchmark-5.3.1/pytest_benchmark_before.json",
    "data/pytest_benchmark_after.json": FIXTURES / "bench/pytest-benchmark-5.3.1/pytest_benchmark_after.json",
    "profiles/perf-before.folded": FIXTURES / "flame/perf-before.folded",
    "profiles/perf-after.folded": FIXTURES / "flame/perf-after.folded",
}

BLOCKS = {
    "criterion": ("bench", "file: data/criterion\nbefore: #before\nafter: #new\n"
                           "caption: Criterion: the saved baseline against the latest run"),
    "pytest": ("bench", "before: data/pytest_benchmark_before.json\nafter: data/pytest_benchmark_after.json\n"
                        "caption: pytest-benchmark, before and after"),
    "flame-before": ("flamegraph", "file: profiles/perf-before.folded\nunit: ns\ntitle: Before\n"
                                   "caption: Linear search over the word list"),
    "flame-after": ("flamegraph", "file: profiles/perf-after.folded\nunit: ns\ntitle: After\n"
                                  "caption: Hash table lookups"),
}

WORDS = """
the a of to and in is that for it as with on be by this we are was from at or an not our
which when each one all but its so if than then there these those more less most time
memory cache allocation allocator latency throughput benchmark profile sample stack frame
function loop branch predictor instruction pipeline vector register heap arena buffer
string hash table lookup insert probe bucket collision load factor resize copy move
parse token reader writer file page kernel syscall thread lock contention atomic queue
batch worker core socket network request response p99 median mean variance noise
baseline regression improvement measure measured run runs iteration warm cold start
compile compiler inline inlining optimise build release debug flag target binary
hot path slow fast faster slower cost costs spend spent percent share total self
call calls caller callee tree graph flame width wide narrow deep shallow count counts
""".split()
TAGS = ["rust", "python", "c", "go", "hashing", "allocation", "io", "simd", "caching",
        "profiling", "latency", "parsing"]
CODE_RUST = """```rust
pub fn count_words(text: &str) -> HashMap<&str, usize> {
    let mut counts = HashMap::with_capacity(1 << 12);
    for word in text.split_ascii_whitespace() {
        *counts.entry(word).or_insert(0) += 1;
    }
    counts
}

pub fn top(counts: &HashMap<&str, usize>, n: usize) -> Vec<(&str, usize)> {
    let mut all: Vec<_> = counts.iter().map(|(w, c)| (*w, *c)).collect();
    all.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    all.truncate(n);
    all
}
```"""
CODE_SHELL = """```console
$ perf record -F 499 -g -- ./wordcount corpus.txt
$ perf script | stackcollapse-perf.pl > perf-after.folded
$ cargo bench --bench fib_bench -- --save-baseline before
```"""


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    if rng.random() < 0.3:
        words[rng.randrange(len(words))] = f"`{rng.choice(WORDS)}()`"
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def prose(rng: random.Random, words: int) -> list[str]:
    """Paragraphs of about ``words`` words in total."""
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return paragraphs


def post_markdown(index: int, blocks: dict[str, str]) -> str:
    """One post; ``blocks`` maps a block name (BLOCKS) to the Markdown standing in its place."""
    rng = random.Random(index)
    date = datetime(2020, 1, 1, 9, 0) + timedelta(days=index, hours=index % 7)
    tags = ", ".join(rng.sample(TAGS, 3))
    body = prose(rng, 900)
    quarter = len(body) // 4
    sections = [
        "## The challenge", *body[:quarter], CODE_RUST,
        "## Measuring", *body[quarter:2 * quarter], blocks["criterion"], blocks["pytest"],
        "## Profiling", *body[2 * quarter:3 * quarter], blocks["flame-before"], blocks["flame-after"],
        "## What we learned", *body[3 * quarter:], CODE_SHELL,
        "- Measure first.\n- Keep the raw output next to the post.\n- Compare like with like.",
    ]
    header = (
        f"Title: Synthetic post {index}: {' '.join(rng.sample(WORDS, 4))}\n"
        f"Date: {date:%Y-%m-%d %H:%M}\nAuthor: perfblog bench\nTags: {tags}\nSlug: post-{index:04d}\n"
        f"Summary: Synthetic post {index} for the build benchmark.\n\n"
    )
    return header + "\n\n".join(sections) + "\n"


def fence(kind: str, body: str) -> str:
    return f"```{kind}\n{body}\n```"


def copy_data(folder: Path) -> None:
    """The post's own copy of every fixture it uses: hard links where possible."""
    for destination, source in DATA.items():
        target = folder / destination
        if source.is_dir():
            shutil.copytree(source, target, copy_function=_link_or_copy)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(source, target)


def _link_or_copy(source, target) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def perfblog_site(content: Path, posts: int) -> None:
    blocks = {name: fence(kind, body) for name, (kind, body) in BLOCKS.items()}
    for index in range(posts):
        folder = content / "posts" / f"post-{index:04d}"
        folder.mkdir(parents=True)
        copy_data(folder)
        (folder / "index.md").write_text(post_markdown(index, blocks), encoding="utf-8")


# --- the control ---------------------------------------------------------------

class _Tables(HTMLParser):
    """Every table of some HTML as rows of cell text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self.cell = []
        elif tag in ("svg", "script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag in ("svg", "script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if self.cell is not None and not self.skip:
            self.cell.append(data)


def markdown_table(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows if r]
    escape = lambda s: s.replace("|", "\\|")  # noqa: E731
    lines = ["| " + " | ".join(map(escape, rows[0])) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(map(escape, r)) + " |" for r in rows[1:]]
    return "\n".join(lines)


SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def rendered_blocks(workdir: Path) -> dict[str, str]:
    """perfblog's own HTML for each block of BLOCKS, rendered from the fixtures."""
    from perfblog.blocks import BlockContext
    from perfblog.blocks.dispatch import run
    from perfblog.blocks.kinds import load_kinds
    from perfblog.blocks.syntax import parse_block
    from perfblog.blocks.templates import block_template_renderer

    kinds = load_kinds(["perfblog.benchdata.render", "perfblog.flame.render"])
    post = workdir / "probe"
    post.mkdir(parents=True, exist_ok=True)
    copy_data(post)
    html = {}
    for name, (kind, body) in BLOCKS.items():
        ctx = BlockContext(post / "index.md", workdir, f"probe-{name}", {}, {},
                           block_template_renderer({"THEME": str(ROOT / "theme")}))
        html[name] = run(kinds[kind], parse_block(kind, 1, body.splitlines()), ctx).html
    return html


def control_site(content: Path, posts: int, workdir: Path) -> None:
    """The same posts for stock Pelican: Markdown tables and ``<img>`` graphs."""
    rendered = rendered_blocks(workdir)
    svgs: dict[str, str] = {}
    blocks = {}
    for name, html in rendered.items():
        parts = []
        parser = _Tables()
        parser.feed(html)
        for table in parser.tables:
            parts.append(markdown_table(table))
        for n, svg in enumerate(SVG.findall(html)):
            file = f"graphs/{name}-{n}.svg"
            if "xmlns=" not in svg[:200]:
                svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
            svgs[file] = svg
            parts.append(f"![{BLOCKS[name][0]} {name}]({{attach}}{file})")
        blocks[name] = "\n\n".join(parts)
    for index in range(posts):
        folder = content / "posts" / f"post-{index:04d}"
        (folder / "graphs").mkdir(parents=True)
        for file, svg in svgs.items():
            (folder / file).write_text(svg, encoding="utf-8")
        (folder / "index.md").write_text(post_markdown(index, blocks), encoding="utf-8")
