"""Whole-site build benchmark: perfblog against stock Pelican on the same synthetic posts.

Run from the repository root (a fresh clone with ``make setup`` done is enough):

    .venv/bin/python benchmarks/site_bench.py                    # 300, 1000 posts, 2 repeats, devserver at 2000
    .venv/bin/python benchmarks/site_bench.py --sizes 100 --repeats 1 --no-devserver --no-readme

For every size it generates a perfblog site and its stock control (see ``synth.py``) and
runs every build as its own ``python -m pelican`` process, timed with ``os.wait4``: wall
time and CPU time (user + system of the build and of the pool's workers it waited for).
Peak memory is the largest sum, sampled every 20 ms, of the proportional set size (PSS:
shared pages split between the processes sharing them) of the build and its workers, so a
forked pool is charged what it really adds, and a single process what ``ru_maxrss`` says
less its share of the shared libraries.
Builds use a copy of ``pelicanconf.py``, ``theme/`` and ``plugins/`` taken when the run
starts, so edits made to the working tree meanwhile cannot mix two versions in one table.

* **full build**: no output folder, no caches, both sites; perfblog with ``pelicanconf.py``
  (its pool: one worker per core), the control with stock Pelican's default theme and no
  plugins; and perfblog again with the pool off (``PERFBLOG_WORKERS=1``), whose output must
  be identical, file by file, to the parallel build's.
* **warm rebuild**: ``CACHE_CONTENT`` and ``LOAD_CONTENT_CACHE`` on; a first build fills
  the caches, the measured one reuses them. Its output is compared file by file with the
  full build's: a cache that changes the output fails the run.
* **devserver**: ``pelican -r`` on the ``--devserver-size`` site; after the first build,
  a post's ``index.md`` gets a new paragraph and its page is polled until the paragraph is
  there (bounded by ``--timeout``). Also timed: the end of that whole rebuild.

Builds of the two sites alternate, so a change in machine load hits both. Medians are over
``--repeats`` runs; ratios are perfblog/stock from the same run. Unless ``--no-readme``,
the results table in ``benchmarks/README.md`` is replaced.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1] / "plugins")]

import synth  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
README = Path(__file__).resolve().parent / "README.md"
START, END = "<!-- site_bench results: start -->", "<!-- site_bench results: end -->"
PERFBLOG_CONF = ROOT / "pelicanconf.py"  # replaced by the snapshot's in main()
CHILD_ENV = dict(os.environ)
CACHE_ON = ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
SERIAL = ["-e", "PERFBLOG_WORKERS=1"]
SAMPLE_SECONDS = 0.02
STOCK_LABEL = "stock Pelican (control)"

CONTROL_CONF = '''"""Stock Pelican for the control site: default theme, no plugins, same URLs and Markdown."""
import runpy

MARKDOWN = runpy.run_path(PERFBLOG_CONF)["MARKDOWN"]  # the very Markdown setup of pelicanconf.py
PLUGINS = []  # not None: Pelican would load every installed namespace plugin, perfblog included
AUTHOR = "perfblog bench"
SITENAME = "control"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
ARTICLE_URL = "posts/{slug}/"
ARTICLE_SAVE_AS = "posts/{slug}/index.html"
DEFAULT_PAGINATION = 10
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
'''


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    def median(self, what: str) -> float:
        return statistics.median(getattr(r, what) for r in self.runs)


@dataclass
class Site:
    name: str  # "perfblog" or "stock"
    content: Path
    conf: Path
    work: Path

    def command(self, output: Path, cache: Path, extra: list[str] = ()) -> list[str]:
        return [sys.executable, "-m", "pelican", str(self.content), "-o", str(output), "-s", str(self.conf),
                "--cache-path", str(cache), *extra]


def tree_pss(pid: int) -> int:
    """PSS in kB of ``pid`` and all its descendants (0 for processes already gone)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += map(int, (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def timed(command: list[str], cwd: Path) -> Run:
    """Run one build as a child process: wall and CPU time (with its workers), peak memory of all of them."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENV)
    errors = threading.Thread(target=lambda: setattr(child, "err", child.stderr.read()))
    errors.start()
    peak, running = [0], threading.Event()

    def sample() -> None:
        while not running.wait(SAMPLE_SECONDS):
            peak[0] = max(peak[0], tree_pss(child.pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    running.set()
    sampler.join()
    errors.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"build failed ({child.returncode}): {' '.join(command)}\n{child.err.decode()[-3000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, peak[0] / 1024)


def fresh(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def full_build(site: Site, label: str = "full", extra: list[str] = ()) -> Run:
    out, cache = site.work / f"out-{label}", site.work / f"cache-{label}"
    fresh(out, cache)
    return timed(site.command(out, cache, extra), site.work)


def warm_build(site: Site) -> tuple[Run, Run]:
    """(first build filling the caches, second build using them)."""
    out, cache = site.work / "out-warm", site.work / "cache-warm"
    fresh(out, cache)
    first = timed(site.command(out, cache, CACHE_ON), site.work)
    second = timed(site.command(out, cache, CACHE_ON), site.work)
    return first, second


def same_tree(a: Path, b: Path) -> list[str]:
    """Paths that differ between two output folders (empty: identical)."""
    differ: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        differ.extend(prefix + n for n in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        differ.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return differ


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def make_sites(work: Path, posts: int) -> dict[str, Site]:
    base = work / f"{posts}"
    fresh(base)
    base.mkdir(parents=True)
    control_conf = base / "controlconf.py"
    control_conf.write_text(CONTROL_CONF.replace("PERFBLOG_CONF", repr(str(PERFBLOG_CONF))))
    synth.perfblog_site(base / "perfblog" / "content", posts)
    synth.control_site(base / "stock" / "content", posts, base / "probe")
    return {
        "perfblog": Site("perfblog", base / "perfblog" / "content", PERFBLOG_CONF, base / "perfblog"),
        "stock": Site("stock", base / "stock" / "content", control_conf, base / "stock"),
    }


@dataclass
class SizeResult:
    posts: int
    full: dict[str, Series]  # "stock", "perfblog", and "serial": perfblog with its pool off
    warm: dict[str, Series]
    prime: dict[str, Series]
    identical: bool  # the warm rebuild wrote what the full build wrote
    serial_identical: bool  # the pool changed nothing
    load_before: str
    load_after: str


def bench_size(work: Path, posts: int, repeats: int) -> SizeResult:
    print(f"\n== {posts} posts: generating", flush=True)
    sites = make_sites(work, posts)
    full = {n: Series() for n in (*sites, "serial")}
    warm = {n: Series() for n in sites}
    prime = {n: Series() for n in sites}
    before = load()
    identical = serial_identical = True
    for r in range(repeats):
        order = ["stock", "perfblog", "serial"] if r % 2 == 0 else ["serial", "perfblog", "stock"]
        for name in order:
            run = (full_build(sites["perfblog"], "serial", SERIAL) if name == "serial" else full_build(sites[name]))
            full[name].runs.append(run)
            print(f"  full  {name:8s} wall {run.wall:6.2f} s  cpu {run.cpu:6.2f} s  memory {run.rss_mb:5.1f} MB"
                  f"  (load {load()})", flush=True)
        differ = same_tree(sites["perfblog"].work / "out-full", sites["perfblog"].work / "out-serial")
        if differ:
            serial_identical = False
            print(f"  !! the serial build's output differs from the parallel build's: {differ[:10]}", flush=True)
        order = [name for name in order if name != "serial"]
        for name in order:
            first, second = warm_build(sites[name])
            prime[name].runs.append(first)
            warm[name].runs.append(second)
            print(f"  warm  {name:8s} wall {second.wall:6.2f} s  cpu {second.cpu:6.2f} s  memory {second.rss_mb:5.1f} MB"
                  f"  (filling the cache: cpu {first.cpu:.2f} s)", flush=True)
            if name == "perfblog":
                differ = same_tree(sites[name].work / "out-full", sites[name].work / "out-warm")
                if differ:
                    identical = False
                    print(f"  !! warm output differs from the full build: {differ[:10]}", flush=True)
    return SizeResult(posts, full, warm, prime, identical, serial_identical, before, load())


# --- devserver ---------------------------------------------------------------------

@dataclass
class Edit:
    post: str
    page_seconds: float | None  # save -> the post's page shows the edit
    done_seconds: float | None  # save -> the whole rebuild finished
    first_is_final: bool | None  # the first page showing the edit is the page the rebuild ends with


class Watcher:
    """A ``pelican -r`` child and the times at which it finished each build."""

    def __init__(self, command: list[str], cwd: Path):
        self.child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      start_new_session=True, env={**CHILD_ENV, "PYTHONUNBUFFERED": "1",
                                                                   "COLUMNS": "400"})
        self.done: list[float] = []
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for raw in self.child.stdout:
            line = raw.decode(errors="replace")
            self.log.append(line)
            if "Done: Processed" in line:
                self.done.append(time.perf_counter())

    def wait_done(self, count: int, timeout: float) -> float | None:
        deadline = time.perf_counter() + timeout
        while len(self.done) < count:
            if time.perf_counter() > deadline or self.child.poll() is not None:
                return None
            time.sleep(0.01)
        return self.done[count - 1]

    def stop(self) -> None:
        try:
            os.killpg(self.child.pid, 15)
        except ProcessLookupError:
            pass
        try:
            self.child.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.child.pid, 9)
            self.child.wait()


def devserver(site: Site, label: str, extra: list[str], edits: int, timeout: float) -> list[Edit]:
    out, cache = site.work / f"out-dev-{label}", site.work / f"cache-dev-{label}"
    fresh(out, cache)
    command = [*site.command(out, cache, extra), "-r"]
    watcher = Watcher(command, site.work)
    results: list[Edit] = []
    try:
        if watcher.wait_done(1, timeout * 4) is None:
            raise SystemExit(f"devserver did not finish its first build:\n{''.join(watcher.log[-30:])}")
        posts = sorted((site.content / "posts").iterdir())
        # newest (written first by Pelican), oldest (written last), and ones in between
        picks = [posts[-1], posts[0], *posts[len(posts) // 3 :: max(1, len(posts) // 3)]][:edits]
        for n, folder in enumerate(picks):
            time.sleep(1.5)  # let the watcher settle
            marker = f"edit-marker-{uuid.uuid4().hex}"
            page = out / "posts" / folder.name / "index.html"
            source = folder / "index.md"
            text = source.read_text(encoding="utf-8")
            source.write_text(text + f"\n\nAn edit for the benchmark: {marker}.\n", encoding="utf-8")
            saved = time.perf_counter()
            page_at = first = None
            while time.perf_counter() - saved < timeout:
                try:
                    first = page.read_text(encoding="utf-8")
                    if marker in first:
                        page_at = time.perf_counter()
                        break
                except (FileNotFoundError, UnicodeDecodeError):
                    pass
                time.sleep(0.005)
            done_at = watcher.wait_done(n + 2, timeout)
            final = page.read_text(encoding="utf-8") if done_at and page_at else None
            results.append(Edit(folder.name, page_at and page_at - saved, done_at and max(0.0, done_at - saved),
                                final == first if final is not None else None))
            shown = lambda x: "timeout" if x is None else f"{x:.2f} s"  # noqa: E731
            print(f"  devserver {site.name:8s} {label:14s} {folder.name}: page {shown(results[-1].page_seconds)}, "
                  f"rebuild done {shown(results[-1].done_seconds)}, first page {'=' if results[-1].first_is_final else '≠'} final"
                  f"  (load {load()})", flush=True)
    finally:
        watcher.stop()
    return results


# --- report ------------------------------------------------------------------------

def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "–"


def verdict(limit: float, **values: float) -> str:
    """'met' / 'not met' for each measure of a goal 'value ≤ limit'."""
    met = [name for name, v in values.items() if v <= limit]
    if len(met) == len(values):
        return "**met**"
    if not met:
        return "**not met**"
    return f"**met by {', '.join(met)} only**"


def snapshot(work: Path) -> str:
    """Copy the code every build uses into ``work``; describe the version copied."""
    global PERFBLOG_CONF
    code = work / "code"
    fresh(code)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("plugins", "theme"):
        shutil.copytree(ROOT / name, code / name, ignore=ignore)
    shutil.copy(ROOT / "pelicanconf.py", code / "pelicanconf.py")
    PERFBLOG_CONF = code / "pelicanconf.py"
    plugins = str(code / "plugins")
    CHILD_ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [plugins, os.environ.get("PYTHONPATH")]))
    sys.path.insert(0, plugins)  # the control's tables are rendered by the same copy
    git = ["git", "-C", str(ROOT)]
    try:
        commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run([*git, "status", "--porcelain", "--", "plugins", "theme", "pelicanconf.py"],
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        return "code: not a git checkout"
    return f"code: commit {commit}{' with uncommitted changes to plugins/, theme/ or pelicanconf.py' if dirty else ''}"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import pelican

    return (f"{os.cpu_count()} CPUs ({model}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, Pelican {pelican.__version__}")


def table(results: list[SizeResult], dev: dict[str, list[Edit]], repeats: int, dev_size: int, code: str) -> str:
    workers = len(os.sched_getaffinity(0))
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {machine()}; {code}; medians of {repeats} run(s); "
        "load average (1, 5, 15 min) shown per size. Memory: peak PSS of the build and its workers together.",
        "",
        "| posts | build | stock wall | perfblog wall | ratio | stock CPU | perfblog CPU | ratio "
        "| stock memory | perfblog memory | ratio | load before → after |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        rows = ((f"full build, {workers} workers", r.full["stock"], r.full["perfblog"]),
                ("full build, pool off (1 worker)", r.full["stock"], r.full["serial"]),
                ("warm rebuild (content cache)", r.warm["stock"], r.warm["perfblog"]))
        for label, s, p in rows:
            lines.append(
                f"| {r.posts} | {label} | {s.median('wall'):.2f} s | {p.median('wall'):.2f} s | "
                f"{ratio(p.median('wall'), s.median('wall'))} | {s.median('cpu'):.2f} s | {p.median('cpu'):.2f} s | "
                f"{ratio(p.median('cpu'), s.median('cpu'))} | {s.median('rss_mb'):.0f} MB | "
                f"{p.median('rss_mb'):.0f} MB | {ratio(p.median('rss_mb'), s.median('rss_mb'))} | "
                f"{r.load_before} → {r.load_after} |"
            )
    lines += ["", "Goals (issue 16):", ""]
    for r in results:
        p, s, one = r.full["perfblog"], r.full["stock"], r.full["serial"]
        w = r.warm["perfblog"]
        full_wall = p.median("wall") / s.median("wall")
        warm_wall = w.median("wall") / p.median("wall")
        lines.append(
            f"- {r.posts} posts: full build {full_wall:.2f}× stock by wall time with {workers} workers "
            f"(goal ≤ 1.0×: {verdict(1.0, wall=full_wall)}), {one.median('wall') / s.median('wall'):.2f}× with the "
            f"pool off; {workers} workers build {one.median('wall') / p.median('wall'):.2f}× as fast as 1 "
            f"(CPU {p.median('cpu'):.2f} s against {one.median('cpu'):.2f} s: what the pool costs); output "
            f"{'identical to the serial build' if r.serial_identical else '**DIFFERENT from the serial build**'}. "
            f"Warm rebuild {warm_wall:.2f}× a full build, output "
            f"{'identical to the full build' if r.identical else '**DIFFERENT from the full build**'}; "
            f"stock's own warm rebuild: {ratio(r.warm['stock'].median('wall'), s.median('wall'))}."
        )
    big = max(results, key=lambda r: r.posts, default=None)
    if big:
        memory = big.full["perfblog"].median("rss_mb") / big.full["stock"].median("rss_mb")
        lines.append(
            f"- Peak memory at {big.posts} posts: {memory:.2f}× stock in the full build (goal ≤ 1.5×: "
            f"{verdict(1.5, memory=memory)}), {ratio(big.full['serial'].median('rss_mb'), big.full['stock'].median('rss_mb'))}"
            f" with the pool off, {ratio(big.warm['perfblog'].median('rss_mb'), big.warm['stock'].median('rss_mb'))} "
            "in the warm rebuild."
        )
    for label, edits in dev.items():
        pages = [e.page_seconds for e in edits if e.page_seconds is not None]
        dones = [e.done_seconds for e in edits if e.done_seconds is not None]
        timeouts = sum(e.page_seconds is None for e in edits)
        same = sum(bool(e.first_is_final) for e in edits)
        page = f"median {statistics.median(pages):.2f} s (max {max(pages):.2f} s)" if pages else "no result"
        met = verdict(0.3, latency=max(pages)) if pages and not timeouts else "**not met**"
        done = f"median {statistics.median(dones):.2f} s" if dones else "no result"
        lines.append(
            f"- Devserver, {dev_size} posts, {label}: save → updated post page {page}, "
            f"save → whole rebuild done {done}; {len(edits)} edit(s){f', {timeouts} timed out' if timeouts else ''}, "
            f"first page showing the edit identical to the final page in {same} of {len(edits)} "
            f"(goal ≤ 0.3 s{': ' + met if label != STOCK_LABEL else ', not a goal for stock'})."
        )
    return "\n".join(lines)


def write_readme(text: str) -> None:
    current = README.read_text(encoding="utf-8") if README.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in current or END not in current:
        current += f"\n{START}\n{END}\n"
    head, rest = current.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{text}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--devserver-size", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=3, help="posts edited under the devserver")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for one rebuild")
    parser.add_argument("--no-devserver", action="store_true")
    parser.add_argument("--no-readme", action="store_true", help="print the table, leave README.md alone")
    parser.add_argument("--workdir", type=Path, help="keep the generated sites here (default: a temporary folder)")
    args = parser.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="site_bench-"))
    work.mkdir(parents=True, exist_ok=True)
    code = snapshot(work)
    print(f"machine: {machine()}; {code}; load {load()}; sites in {work}", flush=True)
    try:
        results = [bench_size(work, n, args.repeats) for n in args.sizes]
        dev: dict[str, list[Edit]] = {}
        if not args.no_devserver:
            print(f"\n== devserver, {args.devserver_size} posts", flush=True)
            sites = make_sites(work, args.devserver_size)
            dev["pelicanconf.py as is"] = devserver(sites["perfblog"], "as-is", [], args.edits, args.timeout)
            dev["content cache on"] = devserver(sites["perfblog"], "cache-on", CACHE_ON, args.edits, args.timeout)
            dev[STOCK_LABEL] = devserver(sites["stock"], "stock", [], args.edits, args.timeout)
        text = table(results, dev, args.repeats, args.devserver_size, code)
        print("\n" + text)
        if not args.no_readme:
            write_readme(text)
            print(f"\nwrote the table into {README.relative_to(ROOT)}")
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
