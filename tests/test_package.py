"""The package as a stranger gets it: a wheel in a fresh venv, `perfblog init`, a site that builds.

Slow-ish (a venv and a pip install, ~10 s with pip's cache), so one module-scoped venv
serves every test here.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuild import ROOT


def run(*command, cwd: Path, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in command], cwd=cwd, env={**os.environ, **(env or {})},
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with only the built wheel (and what it depends on) installed."""
    root = tmp_path_factory.mktemp("package")
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", root / "dist", ROOT, cwd=root)
    assert "warning" not in (built.stdout + built.stderr).lower(), built.stdout + built.stderr
    [wheel] = (root / "dist").glob("perfblog-*.whl")
    run(sys.executable, "-m", "venv", root / "venv", cwd=root)
    run(root / "venv" / "bin" / "pip", "install", "-q", wheel, cwd=root)
    return root / "venv" / "bin"


@pytest.fixture(scope="module")
def blog(installed, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("new") / "blog"
    run(installed / "perfblog", "init", folder, "--name", "Faster Things", "--author", "Ada", cwd=folder.parent)
    return folder


def test_the_wheel_ships_theme_templates_and_the_namespace_plugin(installed):
    probe = run(installed / "python", "-c",
                "import perfblog, os; from pelican.plugins._utils import get_namespace_plugins;"
                "print(perfblog.theme_path()); print(sorted(get_namespace_plugins()))", cwd=installed)
    theme, plugins = probe.stdout.splitlines()
    assert "site-packages" in theme and Path(theme, "templates", "article.html").is_file()
    assert plugins == "['pelican.plugins.perfblog']"  # found by Pelican's own discovery, no entry point


def test_init_writes_a_site_and_refuses_a_folder_in_use(installed, blog):
    files = sorted(p.relative_to(blog).as_posix() for p in blog.rglob("*") if p.is_file())
    assert {"pelicanconf.py", "publishconf.py", "Makefile", "README.md", ".github/workflows/pages.yml",
            "requirements.txt"} <= set(files)
    posts = [f for f in files if f.endswith("/index.md")]
    assert len(posts) == 1 and posts[0].startswith("content/posts/") and "DATE" not in posts[0]
    assert "SITENAME = 'Faster Things'" in (blog / "pelicanconf.py").read_text()
    again = subprocess.run([installed / "perfblog", "init", blog], capture_output=True, text=True)
    assert again.returncode == 1 and "is not empty" in again.stderr and "Traceback" not in again.stderr


def test_make_publish_builds_the_starter_post_with_the_theme(installed, blog):
    result = run("make", "publish", f"PY={installed / 'python'}", cwd=blog, env={"SITEURL": "https://ada.github.io/blog"})
    assert "perfblog:" not in result.stdout + result.stderr  # no problem at all
    page = BeautifulSoup((blog / "output/posts/starting-this-blog/index.html").read_text(), "html.parser")
    assert page.find("link", href="https://ada.github.io/blog/theme/css/site.css")
    assert page.find("link", href="https://ada.github.io/blog/perfblog/bench.css")
    rows = [r.get_text(" ", strip=True) for r in page.select("table tbody tr")]
    assert len(rows) == 2 and any("python3 fast.py" in r for r in rows)  # drawn from the real hyperfine file
    assert page.find(class_="headline")  # the comparison's headline, as on any perfblog site


def test_make_devserver_serves_the_starter_post(installed, blog):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(["make", "devserver", f"PY={installed / 'python'}", f"PORT={port}"], cwd=blog,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline, page = time.monotonic() + 30, ""
        while time.monotonic() < deadline and "starting-this-blog" not in page:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode()
            except OSError:
                time.sleep(0.2)
        assert "Starting this blog" in page and "theme/css/site.css" in page
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)
