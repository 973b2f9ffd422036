"""Flame graphs: perfblog against inferno and FlameGraph's scripts, on the same files, each in its own process.

Once, the tools to compare against (neither is a dependency of perfblog):

    .venv/bin/python benchmarks/flame_bench.py --setup      # a venv with pyinferno, in ~/.cache
    mkdir -p /tmp/flamegraph
    git --git-dir=PATH/TO/FlameGraph.git archive HEAD | tar -x -C /tmp/flamegraph

Then:  .venv/bin/python benchmarks/flame_bench.py --flamegraph-dir /tmp/flamegraph [--keep DIR]

Inputs, generated with a fixed seed: folded stacks that descend a random call
tree with shared prefixes and heavy-tailed counts (--stacks distinct stacks),
and raw ``perf script`` text of about --perf-mb MB made from the real samples
of the ``perf script`` fixtures in tests/fixtures/flame/: each sample is
copied with a new timestamp and pid, and most copies lose one to three frames
between the leaf and the root (as inlining would), so there are thousands of
distinct stacks, not a few hundred.

Each tool runs in its own process (a pipeline's two processes at once), timed
with os.wait4: wall time, CPU time (user + system) and peak resident memory
(summed over a pipeline's processes; a child's count starts at its parent's
size at the fork, so the inputs are made in a process of their own and this
one stays small, about 10 MB); the best of --repeat runs by wall time.
The folded file goes to perfblog, to inferno (pyinferno reads the lines and
draws the SVG in Rust) and to flamegraph.pl; the perf script file to perfblog
and to ``stackcollapse-perf.pl | flamegraph.pl`` (pyinferno has no perf
collapser). perfblog (its process: flame_child.py) draws what the others
draw: frames of at least 0.1 pixel of a 1200-pixel image (``min-width:
0.1/1180``), and, in a row of its own, at its default (0.1%). perfblog's and
inferno's processes also report their render alone, without starting Python
and importing the tool (for perfblog, what a site build pays per graph).

Parse rates: every format perfblog reads, on the real files in
tests/fixtures/flame/ (and the generated files, for scale), in MB of input
(pprof: gzipped) and thousands of distinct stacks read per second of CPU time.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "flame"
BENCH_VENV = Path.home() / ".cache" / "perfblog-flame-bench"
#: flamegraph.pl and inferno drop frames under 0.1 px of the 1180-px drawing area of a 1200-px image
THEIR_PRUNING = str(0.1 / 1180)
PERF_SCRIPTS = ("tsparse-v0.perf.txt", "tsparse-v1.perf.txt", "tsparse-fp-v0.perf.txt", "tsparse-fp-v1.perf.txt",
                "perf-script-sort-before.txt", "perf-script-sort-after.txt")
#: One real file per format (the largest where there are several).
REAL = ("perf-before.folded", "tsparse-v0.perf.txt", "wordcount.speedscope.json", "wordcount.cpuprofile",
        "tsparse-v0.callgrind", "tsparse-go.pprof", "tsparse-v0.flamegraph.svg", "pyspy-wordcount.svg",
        "wordcount.jfr.json", "allocs.dhat.json", "allocs.massif")
#: inferno's process: like flame_child.py, it prints its import time, then its render's wall and CPU time
INFERNO = ("import sys, time\nstart = time.perf_counter(), time.process_time()\nimport pyinferno\n"
           "imported = time.perf_counter(), time.process_time()\n"
           "lines = open(sys.argv[1], encoding='utf-8').read().splitlines()\n"
           "open(sys.argv[2], 'w', encoding='utf-8').write(pyinferno.flamegraph_from_lines(lines))\n"
           "done = time.perf_counter(), time.process_time()\n"
           "print(imported[0] - start[0], done[0] - imported[0], done[1] - imported[1])\n")


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


def generate_perf_script(megabytes: float, seed: int = 42) -> str:
    """``perf script`` text from the fixtures' real samples, copied and thinned as the module says."""
    rng = random.Random(seed)
    samples = []
    for name in PERF_SCRIPTS:
        for block in (FIXTURES / name).read_text(encoding="utf-8").split("\n\n"):
            head, _, chain = block.strip("\n").partition("\n")
            if chain:  # one event name for all, as in one recording: the fixtures say cpu-clock or cpu-clock:ppp
                samples.append((head.split()[0], re.search(r"(\d+)\s+\S+:\s*$", head)[1], chain.split("\n")))
    out, size, clock = [], 0, 1000.0
    while size < megabytes * 1e6:
        comm, period, frames = rng.choice(samples)
        if len(frames) > 3 and rng.random() < 0.9:
            frames = list(frames)
            for _ in range(min(rng.randint(1, 3), len(frames) - 3)):
                del frames[rng.randrange(1, len(frames) - 1)]
        clock += rng.expovariate(500)
        text = f"{comm} {rng.randint(1000, 60000):>6} {clock:.6f}: {period:>10} cpu-clock: \n" + "\n".join(frames) + "\n\n"
        out.append(text)
        size += len(text)
    return "".join(out)


class Run:
    """One measured run of a tool: wall and CPU seconds, peak RSS in MB, what its process printed."""

    def __init__(self, wall: float, cpu: float, rss: float, said: str):
        self.wall, self.cpu, self.rss, self.said = wall, cpu, rss, said


def measure(commands: list[list[str]], out: Path) -> Run:
    """Run ``commands`` as a pipeline into ``out``; os.wait4 gives each process's own time.

    Peak memory comes from GNU time wrapped around each command: a child's ``ru_maxrss``
    starts from this (large) process's resident size at the fork, before the exec.
    """
    start = time.perf_counter()
    procs, feed, peaks = [], None, []
    with open(out, "wb") as sink:
        for index, command in enumerate(commands):
            last = index == len(commands) - 1
            peaks.append(out.with_name(f"{out.name}.{index}.maxrss"))
            proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", str(peaks[-1]), *command],
                                    stdin=feed, stdout=sink if last else subprocess.PIPE)
            if feed is not None:
                feed.close()
            feed = proc.stdout
            procs.append(proc)
        cpu = 0.0
        for proc in procs:
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode:
                raise SystemExit(f"{' '.join(commands[procs.index(proc)])} failed ({proc.returncode})")
            cpu += usage.ru_utime + usage.ru_stime
        rss = sum(int(peak.read_text().split()[-1]) for peak in peaks) / 1024  # GNU time: KB
    return Run(time.perf_counter() - start, cpu, rss, "")


def best(repeat: int, commands: list[list[str]], out: Path, said: Path | None = None) -> Run:
    runs = []
    for _ in range(repeat):
        run_ = measure(commands, out)
        if said:  # the process writes its drawing to a file and its own timing to stdout
            run_.said = out.read_text()
        runs.append(run_)
    return min(runs, key=lambda r: r.wall)


def perfblog_command(path: Path, min_width: str, html: Path) -> list[str]:
    return [sys.executable, str(Path(__file__).with_name("flame_child.py")), str(path), min_width, str(html)]


def compare(folder: Path, args) -> None:
    folded = folder / f"stacks-{args.stacks}.folded"
    perf = folder / f"perf-script-{args.perf_mb}mb.txt"
    # In a process of their own: a child's peak RSS starts at this process's size when it forks.
    subprocess.run([sys.executable, __file__, "--generate", str(folded), str(args.stacks), str(perf),
                    str(args.perf_mb)], check=True)
    inferno = args.bench_venv / "bin" / "python"
    scripts = args.flamegraph_dir
    rows: list[tuple[Path, str, Run]] = []
    for path in (folded, perf):
        tools = [("perfblog (0.1 px, as the others)", [perfblog_command(path, THEIR_PRUNING, folder / "out.html")]),
                 ("perfblog (its default, 0.1%)", [perfblog_command(path, "0.1%", folder / "out.html")])]
        if path == folded:
            if inferno.exists():
                tools.append(("inferno (pyinferno)", [[str(inferno), "-c", INFERNO, str(path), str(folder / "inferno.svg")]]))
            if scripts:
                tools.append(("flamegraph.pl", [["perl", str(scripts / "flamegraph.pl"), str(path)]]))
        elif scripts:
            tools.append(("stackcollapse-perf.pl | flamegraph.pl",
                          [["perl", str(scripts / "stackcollapse-perf.pl"), str(path)],
                           ["perl", str(scripts / "flamegraph.pl")]]))
        for name, commands in tools:
            reports = name.startswith(("perfblog", "inferno"))
            out = folder / ("timing.txt" if reports else "out.svg")
            if reports:  # stdout is the timing; the drawing goes to out.html or inferno.svg
                rows.append((path, name, best(args.repeat, commands, out, said=out)))
            else:
                rows.append((path, name, best(args.repeat, commands, out)))
    if not inferno.exists():
        print(f"(no inferno: run with --setup to install pyinferno into {args.bench_venv})")
    if not scripts:
        print("(no FlameGraph: give --flamegraph-dir, see the module's docstring)")
    print(f"\n{'input':<31} {'tool':<40} {'wall':>7} {'CPU':>7} {'peak RSS':>9} {'wall ×':>7} {'render':>7}")
    for path in (folded, perf):
        mine = next(r for p, n, r in rows if p == path)
        for p, name, r in rows:
            if p != path:
                continue
            render = f"{float(r.said.split()[1]):>6.2f}s" if r.said else ""
            size = f"{path.name} ({path.stat().st_size / 1e6:.0f} MB)"
            print(f"{size:<31} {name:<40} {r.wall:>6.2f}s {r.cpu:>6.2f}s {r.rss:>7.0f}MB "
                  f"{r.wall / mine.wall:>6.2f}× {render:>7}")
    startup = {name.split()[0]: float(r.said.split()[0]) for _, name, r in rows if r.said}
    print(f"\nrender: the time inside the process from reading the file to writing the drawing, without "
          f"starting Python and importing the tool (perfblog {startup['perfblog']:.2f}s"
          + (f", pyinferno {startup['inferno']:.2f}s" if "inferno" in startup else "")
          + "); wall ×: each tool's wall time over perfblog's (0.1 px) on that input")
    theirs = next((r for _, name, r in rows if name.startswith("inferno")), None)
    if theirs:
        mine = rows[0][2]
        print(f"perfblog (0.1 px) against inferno: {mine.wall / theirs.wall:.2f}× as processes, "
              f"{float(mine.said.split()[1]) / float(theirs.said.split()[1]):.2f}× by render")
    parse_rates((folded, perf), args.repeat)


def parse_rates(generated: tuple[Path, ...], repeat: int) -> None:
    """MB/s and distinct stacks/s of each format's reader, the generated files first."""
    sys.path.insert(0, str(REPO / "plugins"))
    from perfblog.flame.load import detect_format, load_profile

    print(f"\n{'format':<15} {'file':<28} {'input':>9} {'parse':>9} {'MB/s':>7} {'kstacks/s':>10}")
    for path in (*generated, *(FIXTURES / name for name in REAL)):
        fmt = detect_format(path)
        # the smallest files take microseconds: parse each often enough to measure
        rounds = max(1, int(2e6 / path.stat().st_size))
        took = []
        for _ in range(repeat):
            start = time.process_time()
            for _ in range(rounds):
                profile = load_profile(path, fmt)
            took.append((time.process_time() - start) / rounds)
        stacks, size, took = len(profile.stacks), path.stat().st_size / 1e6, min(took)
        print(f"{fmt:<15} {path.name:<28} {size:>7.3f}MB {took * 1e3:>7.2f}ms {size / took:>7.1f} "
              f"{stacks / took / 1e3:>10.1f}")


def setup(venv: Path) -> None:
    """A venv of the benchmark's own with pyinferno: never a dependency of perfblog."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "pyinferno"], check=True)
    print(f"pyinferno installed in {venv}")


def main() -> None:
    if sys.argv[1:2] == ["--generate"]:
        folded, stacks, perf, megabytes = sys.argv[2:6]
        Path(folded).write_text(generate(int(stacks)), encoding="utf-8")
        Path(perf).write_text(generate_perf_script(float(megabytes)), encoding="utf-8")
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true", help="install pyinferno into --bench-venv, then stop")
    parser.add_argument("--bench-venv", type=Path, default=BENCH_VENV, help="the venv with pyinferno")
    parser.add_argument("--flamegraph-dir", type=Path, help="a folder with FlameGraph's scripts")
    parser.add_argument("--keep", type=Path, help="write the inputs and outputs here and keep them")
    parser.add_argument("--stacks", type=int, default=100_000, help="distinct stacks of the folded input")
    parser.add_argument("--perf-mb", type=int, default=100, help="size of the perf script input")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.setup:
        setup(args.bench_venv)
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="flame-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"inputs and outputs in {folder}")
    compare(folder, args)


if __name__ == "__main__":
    main()
