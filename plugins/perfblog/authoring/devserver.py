"""``perfblog serve``: ``pelican -lr``, restarted whenever plugin code changes.

Pelican's autoreload re-reads content, theme and settings, but the plugin's
Python modules stay imported at their old version, so a fix to a renderer
would not show until someone restarted the server by hand. Here Pelican runs
in a child process (its own process group, so its server and rebuild
processes stop with it) that is replaced when a watched ``.py`` file changes.
"""

from __future__ import annotations

import fnmatch
import gzip
import importlib.util
import os
import pickle
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from .site import Site, read_header, read_lines, shown

STOP_SECONDS = 5
CACHE_NAME = re.compile(r"^[A-Za-z]+Generator(-Readers)?$")


@dataclass(frozen=True)
class Code:
    """Where the plugin code lives: package folders and single-module files."""

    packages: tuple[Path, ...]
    modules: tuple[Path, ...]

    @property
    def roots(self) -> list[Path]:
        """The folders to watch: none inside another."""
        folders = {*self.packages, *(m.parent for m in self.modules)}
        return sorted(f for f in folders if not any(other in f.parents for other in folders))

    def __contains__(self, path: str) -> bool:
        changed = Path(path)
        return changed.suffix == ".py" and (
            changed in self.modules or any(p in changed.parents for p in self.packages)
        )


def plugin_code(site: Site, extra: list[str]) -> Code:
    """The code a build imports: Pelican PLUGINS, PERFBLOG_FEATURES, ``--watch`` folders."""
    settings = site.settings
    names = [n for n in (*settings.get("PLUGINS", []), *settings["PERFBLOG_FEATURES"]) if isinstance(n, str)]
    plugin_paths = [str(Path(site.settings_file).parent / p) for p in settings.get("PLUGIN_PATHS", [])]
    sys.path[:0] = plugin_paths  # where Pelican finds them too
    packages, modules = {Path(e).resolve() for e in extra}, set()
    try:
        for name in names:
            try:
                spec = importlib.util.find_spec(name)
            except ModuleNotFoundError:  # the build will say so; nothing to watch
                continue
            if spec is None or spec.origin is None:
                continue
            origin = Path(spec.origin).resolve()
            if spec.submodule_search_locations:
                packages.add(origin.parent)
            else:
                modules.add(origin)
    finally:
        del sys.path[: len(plugin_paths)]
    return Code(tuple(sorted(packages)), tuple(sorted(modules)))


def blind_spots(site: Site) -> list[str]:
    """IGNORE_FILES patterns that hide all of PATH from Pelican's autoreload.

    Pelican matches them against *absolute* paths when watching, so '**/.*'
    ignores everything when the site lives below a hidden folder.
    """
    probe = str(site.content / "posts" / "probe.md")
    return [p for p in site.settings.get("IGNORE_FILES", []) if fnmatch.fnmatch(probe, p)]


def draft_urls(site: Site) -> list[str]:
    """Where the preview shows each draft: drafts are linked from no page, so say it."""
    urls = []
    for slug, paths in sorted(site.slugs().items()):
        for path in paths:
            if (read_header(read_lines(path)).value("status") or "").lower() == "draft":
                try:
                    urls.append(site.settings["DRAFT_URL"].format(slug=slug))
                except (KeyError, IndexError, AttributeError):  # a DRAFT_URL needing more than the slug
                    continue
    return urls


def drop_broken_caches(site: Site) -> list[Path]:
    """Delete content-cache files that do not load, and say which.

    A Pelican stopped while saving its cache leaves a truncated file, and the
    next Pelican dies on it ("Ran out of input": Pelican 4.12 catches only
    OSError and PickleError there), leaving the preview stale. Only files
    named like Pelican's caches (``ArticlesGenerator``,
    ``ArticlesGenerator-Readers``...) are looked at.
    """
    settings = site.settings
    folder = Path(settings["CACHE_PATH"])
    if not settings.get("LOAD_CONTENT_CACHE") or not folder.is_dir():
        return []
    opener = gzip.open if settings.get("GZIP_CACHE", True) else open
    dropped = []
    for path in sorted(folder.iterdir()):
        if not (path.is_file() and CACHE_NAME.match(path.name)):
            continue
        try:
            with opener(path, "rb") as handle:
                pickle.load(handle)
        except Exception:  # whatever stops this load would stop Pelican's
            path.unlink()
            dropped.append(path)
    return dropped


class DevServer:
    """One ``pelican -lr`` child at a time; ``run`` restarts it on code changes."""

    def __init__(self, site: Site, command: list[str], code: Code, address: tuple[str, int]):
        self.site, self.command, self.code, self.address = site, command, code, address
        self.child: subprocess.Popen | None = None

    def start(self) -> None:
        for path in drop_broken_caches(self.site):
            say(f"removed {shown(path)}: a stopped Pelican left it half-written")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.child = subprocess.Popen(self.command, start_new_session=True, env=env)

    def stop(self) -> None:
        """Stop Pelican's process group (builder and HTTP server) and wait for the port to be free."""
        if self.child is None or self.child.poll() is not None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.child.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.child.wait(STOP_SECONDS)
                break
            except subprocess.TimeoutExpired:
                continue
        deadline = time.monotonic() + STOP_SECONDS
        while not _port_free(self.address) and time.monotonic() < deadline:
            time.sleep(0.05)  # the server process exits a moment after its leader

    def run(self) -> int:
        """Serve until interrupted or until Pelican exits on its own; return its status."""
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        self.start()
        try:
            for changes in watchfiles.watch(*self.code.roots, yield_on_timeout=True, rust_timeout=300):
                if self.child.poll() is not None:
                    return self.child.returncode
                changed = sorted({path for _, path in changes if path in self.code})
                if changed:
                    say(f"plugin code changed ({', '.join(shown(Path(p)) for p in changed)}): "
                        "restarting Pelican so the preview uses it")
                    self.stop()
                    self.start()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()
        return 0


def _port_free(address: tuple[str, int]) -> bool:
    """Whether a new server could listen there (as Pelican's does, with SO_REUSEADDR)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
            return True
        except OSError:
            return False


def pelican_command(site: Site, output: str, bind: str, port: int) -> list[str]:
    return [sys.executable, "-m", "pelican", "-lr", str(site.content), "-o", output,
            "-s", str(site.settings_file), "-b", bind, "-p", str(port), "-e", "PERFBLOG_LIVE_RELOAD=true"]


def say(message: str) -> None:
    print(f"perfblog serve: {message}", flush=True)
