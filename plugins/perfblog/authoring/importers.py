"""``perfblog import``: copy what a post needs from a tool's output, print the block.

Only the files a block reads are copied (a ``target/criterion`` tree holds
plots, CSVs and every other baseline too). Every copy stays inside the post's
folder, an existing file with other content is never overwritten, and each
import is recorded in ``data/README.md`` for the author to complete.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import fnmatch
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..benchdata.adapters import ADAPTERS, Source, hgrm, wrk
from ..blocks import close_names_hint
from ..blocks import PerfblogError
from ..flame.load import REGISTRY, detect_format, load_profile
from .site import shown

CRITERION_FILES = ("benchmark.json", "estimates.json", "sample.json", "tukey.json")
CRITERION_NEEDED = ("benchmark.json", "estimates.json")
#: Tool name on the command line -> benchdata format name: the tools' own names, then every
#: single-file format the bench adapters read ("table" is inline only, criterion is a folder).
BENCH_TOOLS = {"google-benchmark": "gbench",
               **{name: name for name in ADAPTERS if name not in ("criterion", "table")}}
#: Formats whose figures a memory block shows, and the latency block's two formats.
MEMORY_FORMATS = ("gnu-time", "massif", "dhat", "heaptrack", "memray")
LATENCY_TOOLS = {"wrk": wrk, "hgrm": hgrm}
#: Profile formats: a name the bench adapters also read (callgrind, dhat, massif) imports as
#: a profile with a "-profile" suffix.
PROFILE_TOOLS = {(f"{name}-profile" if name in BENCH_TOOLS else name): name for name in REGISTRY}
TOOLS = ("criterion", *BENCH_TOOLS, *LATENCY_TOOLS, *PROFILE_TOOLS)


@dataclass
class Plan:
    """What one import copies (source -> destination) and the block it prints."""

    post: Path
    copies: list[tuple[Path, Path]] = field(default_factory=list)
    block: str = ""

    def add(self, source: Path, relative: str) -> None:
        destination = (self.post / relative).resolve()
        if self.post not in destination.parents:
            raise PerfblogError(f"'{relative}' would land outside the post's folder {shown(self.post)}")
        if any(d == destination for _, d in self.copies):
            raise PerfblogError(f"two files would both be copied to {relative}: rename one first")
        self.copies.append((source, destination))


def post_folder(into: str) -> Path:
    """The post's folder from ``--into`` (the folder or its index.md)."""
    path = Path(into)
    folder = (path.parent if path.is_file() else path).resolve()
    if not (folder / "index.md").is_file():
        raise PerfblogError(f"--into {into}: not a post folder (no index.md in it)")
    return folder


def plan_criterion(root: Path, post: Path, baselines: list[str], benchmarks: list[str], dest: str) -> Plan:
    """Named baselines of selected benchmarks, keeping Criterion's layout under ``dest``."""
    if not root.is_dir():
        raise PerfblogError(f"{root}: Criterion output is a folder such as target/criterion")
    if not 1 <= len(baselines) <= 2:
        raise PerfblogError("--baselines takes one or two names, e.g. --baselines before,new")
    found = _criterion_benchmarks(root)
    if not found:
        raise PerfblogError(f"{root}: no Criterion results in it (no */benchmark.json)")
    chosen = _select(found, benchmarks)
    plan = Plan(post)
    for bench in chosen:
        have = found[bench]
        for baseline in baselines:
            if baseline not in have:
                raise PerfblogError(f"benchmark '{bench}' has no baseline '{baseline}'"
                                    f"{close_names_hint(baseline, have)}; it has {', '.join(sorted(have))}")
            for name in CRITERION_FILES:
                source = root / bench / baseline / name
                if source.is_file():
                    plan.add(source, f"{dest}/{bench}/{baseline}/{name}")
                elif name in CRITERION_NEEDED:
                    raise PerfblogError(f"{shown(source)} is missing: was this run interrupted?")
        _refuse_same_run(root, bench, baselines)
        change = root / bench / "change" / "estimates.json"
        if "new" in baselines and change.is_file():  # Criterion's change belongs to 'new'
            plan.add(change, f"{dest}/{bench}/change/estimates.json")
    versions = {"before": f"#{baselines[0]}", "after": f"#{baselines[-1]}"} if len(baselines) == 2 else {}
    plan.block = block("bench", file=dest, format="criterion", **versions, benchmarks=",".join(benchmarks))
    return plan


def _refuse_same_run(root: Path, bench: str, baselines: list[str]) -> None:
    """Two baselines holding one run (``base``/``new`` after a plain ``cargo bench``) compare nothing."""
    if len(baselines) != 2:
        return
    first, second = (root / bench / b / "sample.json" for b in baselines)
    if first.is_file() and second.is_file() and filecmp.cmp(first, second, shallow=False):
        raise PerfblogError(
            f"benchmark '{bench}': '{baselines[0]}' and '{baselines[1]}' hold the same run (after a plain "
            "`cargo bench`, Criterion 0.3 copies new/ over base/); run the earlier code with "
            "`cargo bench -- --save-baseline NAME` and import --baselines NAME,new")


def _criterion_benchmarks(root: Path) -> dict[str, set[str]]:
    """Benchmark id (its folder under ``root``) -> the baselines saved for it."""
    found: dict[str, set[str]] = {}
    for meta in root.rglob("benchmark.json"):
        baseline_dir = meta.parent
        if baseline_dir.name in ("report", "change"):
            continue
        bench = baseline_dir.parent.relative_to(root).as_posix()
        found.setdefault(bench, set()).add(baseline_dir.name)
    return found


def _select(found: dict[str, set[str]], patterns: list[str]) -> list[str]:
    if not patterns:
        return sorted(found)
    chosen: list[str] = []
    for pattern in patterns:
        hits = sorted(b for b in found if b == pattern or fnmatch.fnmatchcase(b, pattern))
        if not hits:
            raise PerfblogError(f"no benchmark matches '{pattern}'{close_names_hint(pattern, found)}; "
                                f"there are: {', '.join(sorted(found))}")
        chosen += [h for h in hits if h not in chosen]
    return chosen


def plan_files(tool: str, sources: list[Path], post: Path, dest: str | None) -> Plan:
    """One file (or a before and an after file) of a single-file tool."""
    if not 1 <= len(sources) <= 2:
        raise PerfblogError(f"{tool}: give one file, or two (before and after)")
    folder = dest or ("profiles" if tool in PROFILE_TOOLS else "data")
    plan = Plan(post)
    targets, failures = [], []
    for source in sources:
        ids, failed = _read(tool, source)
        failures += failed
        relative = f"{folder}/{source.name}"
        plan.add(source, relative)
        targets.append(relative)
    if tool in PROFILE_TOOLS:
        fmt = PROFILE_TOOLS[tool] if detect_format(plan.copies[0][0]) != PROFILE_TOOLS[tool] else None
        if len(targets) == 1:
            plan.block = block("flamegraph", file=targets[0], format=fmt)
        else:
            plan.block = block("flamegraph-diff", before=targets[0], after=targets[1], format=fmt)
    elif tool in LATENCY_TOOLS:
        sides = {"file": targets[0]} if len(targets) == 1 else {"before": targets[0], "after": targets[1]}
        plan.block = block("latency", **sides)
        if tool == "hgrm":  # the file does not say its unit, so neither can we
            failures.append("an .hgrm file does not say its unit: add 'unit: us' (or ns, ms, s) as recorded")
    else:
        kind = "memory" if BENCH_TOOLS[tool] in MEMORY_FORMATS else "bench"
        if len(targets) == 1:
            # hyperfine's own convention: every command is compared with the first
            baseline = ids[0] if tool.startswith("hyperfine") and len(ids) > 1 else None
            plan.block = block(kind, file=targets[0], format=BENCH_TOOLS[tool], baseline=baseline)
        else:
            plan.block = block(kind, format=BENCH_TOOLS[tool], before=targets[0], after=targets[1])
    if failures:  # comments in the block: seen at import, kept in the post
        head, _, rest = plan.block.partition("\n")
        plan.block = "\n".join([head, *(f"# warning: {f}" for f in failures), rest])
    return plan


def _read(tool: str, source: Path) -> tuple[list[str], list[str]]:
    """Parse ``source`` as the block will (better to fail now than at build time): its benchmark
    ids, and its failed runs ("'cmd' failed: exit code 3 in 3 of 3 runs")."""
    if not source.is_file():
        raise PerfblogError(f"no such file: {source}")
    if tool in PROFILE_TOOLS:
        load_profile(source, PROFILE_TOOLS[tool])  # errors say what is wrong, at the file's line
        return [], []
    if tool in LATENCY_TOOLS:
        src = Source(shown(source), source)
        if not LATENCY_TOOLS[tool].detect(src):
            raise PerfblogError(f"{shown(source)} does not look like {tool} output")
        return [], []
    adapter, src = ADAPTERS[BENCH_TOOLS[tool]], Source(shown(source), source)
    if not adapter.detect(src):
        raise PerfblogError(f"{shown(source)} does not look like {tool} output")
    found = adapter.load(src)
    failed = [f"{m.bench_id!r} failed: {'; '.join(m.failures)}" for m in found if m.failures and m.metric == "time"]
    return list(dict.fromkeys(m.bench_id for m in found)), failed


def block(kind: str, **options: str | None) -> str:
    """The fenced block to paste: options in the order given, empty ones left out."""
    lines = [f"{key}: {value}" for key, value in options.items() if value]
    return "\n".join([f"```{kind}", *lines, "```"])


def execute(plan: Plan, tool: str, origin: str) -> list[str]:
    """Copy the plan's files (all or nothing on conflicts); return what was new, as post paths."""
    conflicts = [d for s, d in plan.copies if d.exists() and not filecmp.cmp(s, d, shallow=False)]
    if conflicts:
        raise PerfblogError(f"{shown(conflicts[0])} already exists with different content; "
                            "remove it or import into another --dest" +
                            (f" ({len(conflicts) - 1} more)" if len(conflicts) > 1 else ""))
    copied = []
    for source, destination in plan.copies:
        if destination.exists():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        copied.append(destination.relative_to(plan.post).as_posix())
    if copied:
        _record(plan.post, tool, origin, copied)
    return copied


def _record(post: Path, tool: str, origin: str, copied: list[str]) -> None:
    readme = post / "data" / "README.md"
    readme.parent.mkdir(exist_ok=True)
    top = sorted({"/".join(c.split("/")[:2]) for c in copied})
    entry = (f"\n- `{'`, `'.join(top)}`: {tool} output, {len(copied)} file(s) imported from `{origin}` "
             f"on {dt.date.today().isoformat()}. Tool version: [version]. Command: [exact command]. "
             "Machine: [CPU, OS, load].\n")
    with readme.open("a", encoding="utf-8") as out:
        out.write(entry)
