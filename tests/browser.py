"""Debian chromium driven by Playwright, as this sandbox and CI need it.

Playwright's own browser downloads do not work here, so we always launch the
system chromium with the flags that keep it off the (closed) network.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path, subpath: str = "/"):
    """Serve ``directory`` on 127.0.0.1 under ``subpath``; yields the base URL."""
    prefix = "/" + subpath.strip("/")
    prefix = "" if prefix == "/" else prefix

    class Handler(_QuietHandler):
        def translate_path(self, path):
            if prefix:
                if not path.startswith(prefix + "/") and path != prefix:
                    return str(directory / "__outside_subpath__")
                path = path[len(prefix):] or "/"
            return super().translate_path(path)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}/"
    finally:
        server.shutdown()
        server.server_close()
