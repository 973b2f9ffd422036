#!/usr/bin/env python3
"""Lighthouse scores of the built site: one page of every page kind, mobile and desktop.

    .venv/bin/python benchmarks/lighthouse.py [--runs 3] [--json-dir DIR] [--kind results ...]

Builds the site the quality gates check (content/ plus tests/quality/site/: every page kind
of tests/quality/gates.py PAGE_KINDS, every block kind) with publishconf.py (what readers
get: absolute URLs, canonical links, robots.txt) into a temporary folder, serves it on 127.0.0.1 the way GitHub Pages does
(gzip for text, Cache-Control: max-age=600), and runs npm lighthouse@12.2.3 (pinned in
benchmarks/package.json; newer ones need Node 22) with Debian's chromium. Prints the four
category scores per page and preset, the median of --runs runs, and every audit that
kept a score below 100. Goal: 100/100/100/100 everywhere.

Lighthouse is installed with `npm ci` into benchmarks/node_modules/ on first use.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "tests" / "quality"), str(ROOT / "tests"), str(ROOT / "plugins")]

from browser import CHROMIUM_ARGS, chromium_path  # noqa: E402
from gates import PAGE_KINDS, quality_build, quality_content  # noqa: E402

LIGHTHOUSE_VERSION = "12.2.3"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PRESETS = ["mobile", "desktop"]
COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".map")


def ensure_lighthouse() -> Path:
    binary = HERE / "node_modules" / ".bin" / "lighthouse"
    package = HERE / "node_modules" / "lighthouse" / "package.json"
    if not (package.is_file() and json.loads(package.read_text())["version"] == LIGHTHOUSE_VERSION):
        npm = shutil.which("npm") or sys.exit("npm is not installed: run `make system-deps`")
        command = "ci" if (HERE / "package-lock.json").is_file() else "install"
        subprocess.run([npm, command, "--prefix", str(HERE), "--no-audit", "--no-fund",
                        "--ignore-scripts", "--loglevel=error"], check=True)
    return binary


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Static files like GitHub Pages: gzip for text types, ten-minute caching."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = path / "index.html"
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file()
                or path.suffix not in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PagesHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def lighthouse(binary: Path, url: str, preset: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="lh-profile-") as profile:
        flags = " ".join([*CHROMIUM_ARGS, f"--user-data-dir={profile}"])
        command = [str(binary), url, "--output=json", "--output-path=stdout", "--quiet",
                   f"--chrome-flags={flags}", f"--only-categories={','.join(CATEGORIES)}"]
        if preset == "desktop":
            command.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": chromium_path() or "/usr/bin/chromium"}
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"lighthouse failed on {url} ({preset}):\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def scores(report: dict) -> dict[str, int | None]:
    return {c: None if report["categories"][c]["score"] is None else round(report["categories"][c]["score"] * 100)
            for c in CATEGORIES}


def shortfalls(report: dict) -> list[str]:
    """Audits that cost points: weighted, scored below 1."""
    lines = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1:
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                lines.append(f"{category}: {ref['id']} score {audit['score']:.2f}{value} -- {audit['title']}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page and preset; the median is shown")
    parser.add_argument("--json-dir", type=Path, help="keep every Lighthouse JSON report here")
    parser.add_argument("--kind", action="append", choices=PAGE_KINDS, metavar="KIND",
                        help="measure only this page kind (repeatable; default: every kind)")
    parser.add_argument("--page", action="append", default=[], metavar="PATH",
                        help="also measure this output-relative page, e.g. posts/my-slug/ (repeatable)")
    args = parser.parse_args()

    binary = ensure_lighthouse()
    with tempfile.TemporaryDirectory(prefix="perfblog-lighthouse-") as tmp:
        output = Path(tmp) / "out"
        output.mkdir()
        with serve(output) as base:
            content = quality_content(Path(tmp) / "content")  # PERFBLOG_QUALITY_CONTENT: another content folder
            build = quality_build(ROOT / "publishconf.py", output, content, env={"SITEURL": base.rstrip("/")})
            if build.site.error:
                print(f"build failed: {build.site.error}", file=sys.stderr)
                return 1
            pages = {kind: path for kind, path in build.page_types().items() if path and kind in (args.kind or PAGE_KINDS)}
            for extra in args.page:
                pages[extra.strip("/")] = extra.lstrip("/")
            rows, notes = [], {}
            for name, path in pages.items():
                url = base + path.removesuffix("index.html")
                for preset in PRESETS:
                    runs = []
                    for run in range(args.runs):
                        report = lighthouse(binary, url, preset)
                        runs.append(report)
                        if args.json_dir:
                            args.json_dir.mkdir(parents=True, exist_ok=True)
                            slug = name.replace(" ", "-").replace("/", "-")
                            (args.json_dir / f"{slug}-{preset}-{run + 1}.json").write_text(json.dumps(report))
                    per_run = [scores(r) for r in runs]
                    median = {c: statistics.median_low([s[c] for s in per_run if s[c] is not None] or [0])
                              for c in CATEGORIES}
                    rows.append((name, preset, median))
                    worst = min(runs, key=lambda r: sum(v or 0 for v in scores(r).values()))
                    if shortfalls(worst):
                        notes[(name, preset)] = shortfalls(worst)

    print(f"Lighthouse {LIGHTHOUSE_VERSION}, {chromium_version()}, median of {args.runs} run(s)\n")
    width = max([len("page")] + [len(name) for name, _, _ in rows])
    header = f"| {'page':<{width}} | {'preset':<7} | " + " | ".join(f"{c:>14}" for c in CATEGORIES) + " |"
    print(header)
    print("|" + "|".join(["-" * (width + 2), "-" * 9] + ["-" * 16] * len(CATEGORIES)) + "|")
    for name, preset, median in rows:
        print(f"| {name:<{width}} | {preset:<7} | " + " | ".join(f"{median[c]:>14}" for c in CATEGORIES) + " |")
    for (name, preset), lines in notes.items():
        print(f"\nBelow 100 on {name}, {preset}:")
        for line in lines:
            print("  " + line)
    return 0


def chromium_version() -> str:
    try:
        return subprocess.run([chromium_path() or "chromium", "--version"], capture_output=True, text=True,
                              timeout=30).stdout.strip()
    except OSError:
        return "chromium"


if __name__ == "__main__":
    sys.exit(main())
