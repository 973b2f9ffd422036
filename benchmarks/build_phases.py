"""Where one build's time goes: CPU seconds per phase of Pelican and perfblog, without a profiler.

    .venv/bin/python benchmarks/build_phases.py SITE_CONTENT [--rerun] [--cache]

SITE_CONTENT is a content folder, e.g. one that ``site_bench.py --workdir DIR`` left in
``DIR/500/perfblog/content``. The build runs in this process with ``pelicanconf.py``; each
phase is timed by wrapping the function that does it (process CPU time, so the timings
nest: "render:bench" is part of "substitute_blocks", which is part of "post_work"). The build
is serial (``PERFBLOG_WORKERS = 1``): a worker's time would not be seen here.
With ``--rerun`` the site is built once, one post is edited, and the second build (what
``pelican -r`` does on a save) is the one reported. ``--cache`` turns Pelican's content
cache on. cProfile gives the detail inside a phase; these totals are closer to the truth,
as a profiler slows small Python functions far more than large ones.
"""

from __future__ import annotations

import argparse
import collections
import logging
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from pelican import Pelican  # noqa: E402
from pelican import generators, readers, writers  # noqa: E402
from pelican.log import init as init_logging  # noqa: E402
from pelican.settings import read_settings  # noqa: E402

import perfblog.glue.plugin as plugin  # noqa: E402
from perfblog.blocks import dispatch  # noqa: E402
from perfblog.blocks.kinds import load_kinds  # noqa: E402
from perfblog.blocks.cache import BlockCache  # noqa: E402

SECONDS: collections.Counter = collections.Counter()
CALLS: collections.Counter = collections.Counter()
ORDER: list[str] = []  # labels in the order they are printed


def timed(label: str, function):
    ORDER.append(label)

    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            SECONDS[label] += time.process_time() - start
            CALLS[label] += 1

    return wrapper


def instrument() -> None:
    for owner, name, label in [
        (generators.Generator, "get_files", "pelican: walk content folders"),
        (readers.Readers, "read_file", "pelican: read a post (Markdown, or its cache)"),
        (writers.Writer, "write_file", "pelican: write a page (Jinja)"),
        (plugin, "post_work", "perfblog: post_work (what the pool shares out)"),
        (plugin, "finish_post", "perfblog: finish_post (the build process's part)"),
        (plugin, "substitute_blocks", "perfblog:   substitute_blocks"),
        (BlockCache, "_fresh", "perfblog:     cache: check inputs"),
    ]:
        setattr(owner, name, timed(label, getattr(owner, name)))
    original = dispatch.render
    per_kind = {name: timed(f"perfblog:     render:{name}", original)
                for name in load_kinds(plugin.DEFAULTS["PERFBLOG_FEATURES"])}
    dispatch.render = lambda kind, block, ctx: per_kind[kind.name](kind, block, ctx)
    for owner, name, label in [
        (plugin, "_estimate", "perfblog:   reading time"),
        (plugin.polish, "polish", "perfblog:   polish"),
    ]:
        setattr(owner, name, timed(label, getattr(owner, name)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--rerun", action="store_true", help="report the second build, after one post was edited")
    parser.add_argument("--cache", action="store_true", help="CACHE_CONTENT and LOAD_CONTENT_CACHE on")
    args = parser.parse_args()
    instrument()
    init_logging(logging.WARNING)
    work = Path(tempfile.mkdtemp(prefix="build_phases-"))
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(args.content.resolve()), "OUTPUT_PATH": str(work / "out"), "CACHE_PATH": str(work / "cache"),
        "CACHE_CONTENT": args.cache, "LOAD_CONTENT_CACHE": args.cache, "PERFBLOG_WORKERS": 1})
    pelican = Pelican(settings)
    if args.rerun:
        pelican.run()
        post = sorted(args.content.glob("posts/*/index.md"))[0]
        post.write_text(post.read_text(encoding="utf-8") + "\n\nAn edit.\n", encoding="utf-8")
        SECONDS.clear()
        CALLS.clear()
    cpu, wall = time.process_time(), time.perf_counter()
    pelican.run()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    for label in (label for label in ORDER if CALLS[label]):
        seconds = SECONDS[label]
        print(f"{label:50s} {seconds:7.3f} s  {CALLS[label]:6d} calls  {seconds / CALLS[label] * 1000:7.2f} ms each")
    print(f"{'whole build (after imports)':50s} {cpu:7.3f} s CPU, {wall:.3f} s wall; "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
