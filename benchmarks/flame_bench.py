"""Flame graph render time and SVG size for generated folded inputs of 1k, 10k and 100k stacks.

Run:  PYTHONPATH=plugins .venv/bin/python benchmarks/flame_bench.py [--keep DIR]

Inputs are generated with a fixed seed: stacks descend a random call tree with
shared prefixes and heavy-tailed counts, like real profiles. Times are CPU time
of this process (the best of --repeat runs), which a busy shared machine skews
far less than wall-clock time; compare with `/usr/bin/time -f "%U %S"` for other
tools. Ratios are against a baseline measured in the same process, reading the
file line by line, so they hold across machines.

Two pruning settings are measured: perfblog's default (frames under 0.1% of the
total are not drawn) and flamegraph.pl's default (--minwidth 0.1 pixels of a
1200-pixel image, whose drawing area is 1180 pixels wide: 0.0085%). With --keep the inputs stay in DIR, so
flamegraph.pl can be timed by hand on the very same files.

Parse rates: every format perfblog reads, on the real files in
tests/fixtures/flame/ (and the generated 100k-stack folded file, for scale),
in MB of input (pprof: gzipped) and thousands of distinct stacks read per second of CPU time.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from perfblog.blocks import BlockContext
from perfblog.blocks.dispatch import run
from perfblog.blocks.kinds import load_kinds
from perfblog.blocks.syntax import parse_block
from perfblog.flame.load import detect_format, load_profile

SIZES = (1_000, 10_000, 100_000)
# flamegraph.pl drops frames under --minwidth 0.1 px of its 1180-px drawing area
PRUNING = {"perfblog default (0.1%)": "0.1%", "flamegraph.pl default (0.1 px)": str(0.1 / 1180)}
REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "plugins" / "perfblog" / "templates"
FIXTURES = REPO / "tests" / "fixtures" / "flame"
#: One real file per format (the largest where there are several).
REAL = ("perf-before.folded", "tsparse-v0.perf.txt", "wordcount.speedscope.json", "wordcount.cpuprofile",
        "tsparse-v0.callgrind", "tsparse-go.pprof", "tsparse-v0.flamegraph.svg", "pyspy-wordcount.svg",
        "wordcount.jfr.json", "allocs.dhat.json", "allocs.massif")


def generate(distinct: int, seed: int = 42) -> str:
    """Folded text with exactly ``distinct`` different stacks."""
    rng = random.Random(seed)
    names = [f"mod{i % 40}::function_{i}" for i in range(max(200, distinct // 20))]
    stacks: dict[str, int] = {}
    while len(stacks) < distinct:
        depth = rng.randint(3, 30)
        # a low-numbered name near the root makes prefixes shared, as in real call trees
        frames = [names[min(int(rng.paretovariate(1.2)) * (level + 1), len(names) - 1)] for level in range(depth)]
        stacks[";".join(frames)] = int(rng.paretovariate(1.1)) + 1
    return "".join(f"{stack} {count}\n" for stack, count in stacks.items())


def best_of(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times)


def baseline(path: Path) -> None:
    with open(path, encoding="utf-8") as handle:
        for _ in handle:
            pass


def renderer(path: Path, min_width: str):
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True)
    # max-frames: the pruning alone decides what is drawn, as in flamegraph.pl
    block = parse_block("flamegraph", 1, [f"file: {path.name}", f"min-width: {min_width}", "max-frames: 1000000"])
    kind = load_kinds(["perfblog.flame.render"])["flamegraph"]
    ctx = BlockContext(
        post_path=path.parent / "post.md",
        content_root=path.parent,
        block_id="bench",
        settings={},
        metadata={},
        render_template=lambda name, **values: env.get_template(name).render(**values),
    )
    return lambda: run(kind, block, ctx).html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the inputs here and keep them")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="flame-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"inputs in {folder}")
    print(f"{'stacks':>8} {'input':>9} {'read':>8} {'pruning':<40} {'render':>8} {'×read':>7} {'frames':>7} {'html':>10}")
    for size in SIZES:
        path = folder / f"stacks-{size}.folded"
        path.write_text(generate(size), encoding="utf-8")
        read = best_of(args.repeat, lambda: baseline(path))
        for label, min_width in PRUNING.items():
            render = renderer(path, min_width)
            html = render()
            took = best_of(args.repeat, render)
            print(
                f"{size:>8} {path.stat().st_size / 1e6:>7.1f}MB {read * 1e3:>6.1f}ms {label:<40} "
                f"{took:>7.2f}s {took / read:>7.0f} {html.count('<g '):>7} {len(html.encode()) / 1e3:>8.0f}kB"
            )
    parse_rates(folder / f"stacks-{SIZES[-1]}.folded", args.repeat)


def parse_rates(extra: Path, repeat: int) -> None:
    """MB/s and distinct stacks/s of each format's reader, the folded parser first."""
    print(f"\n{'format':<15} {'file':<28} {'input':>9} {'parse':>9} {'MB/s':>7} {'kstacks/s':>10}")
    for path in (extra, *(FIXTURES / name for name in REAL)):
        fmt = detect_format(path)
        # the smallest files take microseconds: parse each often enough to measure
        rounds = max(1, int(2e6 / path.stat().st_size))
        took = best_of(repeat, lambda: [load_profile(path, fmt) for _ in range(rounds)]) / rounds
        stacks = len(load_profile(path, fmt).stacks)
        size = path.stat().st_size / 1e6
        print(f"{fmt:<15} {path.name:<28} {size:>7.3f}MB {took * 1e3:>7.2f}ms {size / took:>7.1f} "
              f"{stacks / took / 1e3:>10.1f}")


if __name__ == "__main__":
    main()
