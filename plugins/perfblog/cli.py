"""The ``perfblog`` command: init, new, check, import, serve. Argument parsing only.

Every command reads the site's settings (``--settings``, default
``pelicanconf.py`` in the working directory) and reports bad input as one
clear line with exit status 1, never as a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from .authoring import importers
from .authoring.check import Checker, posts_to_check
from .authoring.init import init_site
from .authoring.devserver import DevServer, blind_spots, draft_urls, pelican_command, plugin_code, say
from .authoring.scaffold import new_post, parse_date
from .authoring.site import load_site, shown
from .blocks import PerfblogError


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except PerfblogError as error:
        print(f"perfblog {args.command}: {str(error) if error.path else error.message}", file=sys.stderr)
    except OSError as error:
        print(f"perfblog {args.command}: {error.filename or ''}: {error.strerror}", file=sys.stderr)
    return 1


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--settings", default="pelicanconf.py", help="Pelican settings file (default: %(default)s)")
    common.add_argument("--content", help="content folder (default: PATH from the settings)")
    top = argparse.ArgumentParser(prog="perfblog", description="Write, check and preview perfblog posts.")
    commands = top.add_subparsers(dest="command", required=True, metavar="command")

    def command(name: str, run, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help, parents=[common])
        sub.set_defaults(run=run)
        return sub

    init = command("init", run_init, "start a new blog in a new folder")
    init.add_argument("folder")
    init.add_argument("--name", help="the blog's name (default: the folder's name)")
    init.add_argument("--author", default="Your Name")

    new = command("new", run_new, "start a post from the template")
    new.add_argument("title")
    new.add_argument("--date", help="YYYY-MM-DD (default: today)")
    new.add_argument("--author", help="default: AUTHOR from the settings")

    check = command("check", run_check, "check posts without building the site")
    check.add_argument("paths", nargs="*", help="post files or folders (default: all of content/)")

    imp = command("import", run_import, "copy a tool's output into a post and print the block to paste")
    imp.add_argument("tool", choices=importers.TOOLS)
    imp.add_argument("path", nargs="+", help="the tool's output: target/criterion, or one or two files")
    imp.add_argument("--into", required=True, help="the post's folder (or its index.md)")
    imp.add_argument("--baselines", help="criterion: one or two baselines, e.g. before,new")
    imp.add_argument("--benchmarks", help="criterion: benchmark ids or globs, e.g. 'fib 20,fibonacci/*'")
    imp.add_argument("--dest", help="folder inside the post (default: data/, data/criterion or profiles/)")

    serve = command("serve", run_serve, "preview at http://BIND:PORT, rebuilt on every change")
    serve.add_argument("--bind", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--output", default="output")
    serve.add_argument("--watch", action="append", default=[],
                       help="another folder of plugin code to restart on (repeatable)")
    return top


def _site(args):
    return load_site(args.settings, args.content)


def run_init(args) -> int:
    folder = Path(args.folder)
    written = init_site(folder, args.name or folder.resolve().name, args.author, dt.date.today())
    print(f"perfblog init: wrote {len(written)} files into {folder}; next: cd {folder} && make devserver",
          file=sys.stderr)
    return 0


def run_new(args) -> int:
    date = parse_date(args.date) if args.date else dt.date.today()
    post = new_post(_site(args), args.title, date, args.author)
    print(shown(post))
    return 0


def run_check(args) -> int:
    started = time.perf_counter()
    site = _site(args)
    posts = posts_to_check(site, args.paths)
    findings = Checker(site).check(posts)
    for finding in findings:
        print(finding)
    errors = sum(f.level == "error" for f in findings)
    print(f"perfblog check: {len(posts)} post(s), {errors} error(s), {len(findings) - errors} warning(s) "
          f"in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 1 if errors else 0


def run_import(args) -> int:
    post = importers.post_folder(args.into)
    if args.tool == "criterion":
        if not args.baselines:
            raise PerfblogError("criterion needs --baselines, e.g. --baselines before,new")
        if len(args.path) != 1:
            raise PerfblogError("criterion takes one folder, e.g. target/criterion")
        plan = importers.plan_criterion(Path(args.path[0]), post, _list(args.baselines),
                                        _list(args.benchmarks or ""), args.dest or "data/criterion")
    else:
        plan = importers.plan_files(args.tool, [Path(p) for p in args.path], post, args.dest)
    copied = importers.execute(plan, args.tool, " ".join(args.path))
    print(f"copied {len(copied)} file(s) into {post.name}/ "
          f"({len(plan.copies) - len(copied)} already there); paste this block into the post:",
          file=sys.stderr)
    print(plan.block)
    return 0


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def run_serve(args) -> int:
    site = _site(args)
    for pattern in blind_spots(site):
        say(f"warning: IGNORE_FILES pattern {pattern!r} matches every file under {site.content}, "
            "so Pelican will not rebuild on changes there; move the site out of hidden folders")
    for url in draft_urls(site):
        say(f"draft: http://{args.bind}:{args.port}/{url}")
    code = plugin_code(site, args.watch)
    say(f"restarting Pelican when Python code changes in: {', '.join(str(r) for r in code.roots)}")
    command = pelican_command(site, args.output, args.bind, args.port)
    return DevServer(site, command, code, (args.bind, args.port)).run()


if __name__ == "__main__":
    sys.exit(main())
