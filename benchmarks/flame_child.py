"""The perfblog process of flame_bench.py: render one flamegraph block to HTML, print its timings.

A script of its own, so the process imports what rendering needs and nothing
of the benchmark's (argparse, subprocess...: 0.02 s): its time is perfblog's.

    python benchmarks/flame_child.py PROFILE MIN_WIDTH OUT.html

prints: seconds to import perfblog, then the render's wall and CPU seconds.
"""

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(path: Path, min_width: str, out: Path) -> None:
    start = time.perf_counter(), time.process_time()
    sys.path.insert(0, str(REPO / "plugins"))
    from jinja2 import Environment, FileSystemLoader

    from perfblog.blocks import BlockContext
    from perfblog.blocks.dispatch import run
    from perfblog.blocks.kinds import load_kinds
    from perfblog.blocks.syntax import parse_block

    env = Environment(loader=FileSystemLoader(str(REPO / "plugins" / "perfblog" / "templates")), autoescape=True)
    # max-frames: the pruning alone decides what is drawn, as in flamegraph.pl
    block = parse_block("flamegraph", 1, [f"file: {path.name}", f"min-width: {min_width}", "max-frames: 1000000"])
    kind = load_kinds(["perfblog.flame.render"])["flamegraph"]
    ctx = BlockContext(post_path=path.parent / "post.md", content_root=path.parent, block_id="bench", settings={},
                       metadata={}, render_template=lambda name, **values: env.get_template(name).render(**values))
    imported = time.perf_counter(), time.process_time()
    out.write_text(run(kind, block, ctx).html, encoding="utf-8")
    done = time.perf_counter(), time.process_time()
    print(f"{imported[0] - start[0]} {done[0] - imported[0]} {done[1] - imported[1]}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
