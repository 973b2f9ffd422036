"""``perfblog serve`` on a small site: live rebuilds, error boxes, restart on plugin code.

One server for the module (starting one costs about two seconds), on a free
loopback port, with Pelican's content cache on, as an author would run it.
Every wait polls with a deadline; nothing sleeps blindly.
"""

from __future__ import annotations

import gzip
import http.client
import os
import pickle
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, make_site

from perfblog.authoring.devserver import blind_spots, draft_urls, drop_broken_caches, plugin_code
from perfblog.authoring.site import load_site

DEADLINE = 15.0  # seconds for one rebuild or restart, on a loaded CI machine

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups")

POSTS = {
    "numbers": "```echo\nfile: data/value.txt\n```\n",
    "profile": "```echo\nfile: profiles/p.folded\n```\n",
    "broken": "Intro survives.\n\n```echo\nfail: this data is malformed\n```\n",
    "prose": "Just prose, version one.\n",
}


class Live:
    """A running ``perfblog serve`` and what it printed."""

    def __init__(self, root: Path, port: int):
        self.root, self.port = root, port
        self.output: list[str] = []
        paths = [str(root / "feat"), str(ROOT / "plugins"), os.environ.get("PYTHONPATH", "")]  # this checkout's code
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "perfblog.cli", "serve", "--port", str(port), "--output", str(root / "output")],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line.rstrip("\n"))

    def page(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=2) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError):
            return None  # not up yet, or the file was rewritten while being sent: ask again

    def wait_for(self, what: str, check) -> None:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"perfblog serve exited ({self.process.returncode}):\n" + "\n".join(self.output))
            if check():
                return
            time.sleep(0.1)
        pytest.fail(f"no {what} within {DEADLINE} s; server said:\n" + "\n".join(self.output[-30:]))

    def wait_for_text(self, path: str, text: str) -> str:
        """The page at ``path`` once it contains ``text``."""
        last = [""]

        def has_text() -> bool:
            last[0] = self.page(path) or ""
            return text in last[0]

        self.wait_for(f"'{text}' on /{path}", has_text)
        return last[0]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)  # serve stops its Pelican process group itself
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("live") / "site", features=("livefeature",))
    shutil.copytree(ROOT / "theme", root / "theme")
    (root / "feat").mkdir()
    shutil.copy(ROOT / "tests" / "features_for_tests.py", root / "feat" / "livefeature.py")
    with (root / "pelicanconf.py").open("a") as settings:
        settings.write('THEME = "theme"\nCACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\n')
    for slug, body in POSTS.items():
        folder = root / "content" / "posts" / slug
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(f"Title: {slug}\nDate: 2026-11-01\nSlug: {slug}\n\n{body}")
    (root / "content/posts/numbers/data").mkdir()
    (root / "content/posts/numbers/data/value.txt").write_text("first run: 4.20 ms")
    (root / "content/posts/profile/profiles").mkdir()
    (root / "content/posts/profile/profiles/p.folded").write_text("main;work 10")
    server = Live(root, free_port())
    try:
        server.wait_for_text("posts/numbers/", "first run: 4.20 ms")
        yield server
    finally:
        server.stop()


def test_editing_only_a_data_file_shows_the_new_numbers(live):
    """The post's .md is untouched, so Pelican's content cache serves it: the block must re-read."""
    (live.root / "content/posts/numbers/data/value.txt").write_text("second run: 2.10 ms")
    page = live.wait_for_text("posts/numbers/", "second run: 2.10 ms")
    assert "first run" not in page


@pytest.mark.parametrize("changed, path, text", [
    ("content/posts/prose/index.md", "posts/prose/", "Just prose, version two."),
    ("content/posts/profile/profiles/p.folded", "posts/profile/", "main;work 20"),
], ids=["post", "profile"])
def test_posts_and_profiles_trigger_a_rebuild(live, changed, path, text):
    target = live.root / changed
    target.write_text(target.read_text().replace("version one", "version two").replace("10", "20"))
    live.wait_for_text(path, text)


def test_theme_changes_trigger_a_rebuild(live):
    base = live.root / "theme" / "templates" / "base.html"
    base.write_text(base.read_text().replace("</body>", "<p id='theme-edit'>edited</p></body>", 1))
    live.wait_for_text("posts/prose/", "theme-edit")


def test_a_broken_block_shows_an_error_box_and_other_posts_still_render(live):
    broken = BeautifulSoup(live.wait_for_text("posts/broken/", "pb-error"), "html.parser")
    box = broken.find(class_="pb-error")
    assert box["role"] == "alert" and "this data is malformed" in box.get_text()
    assert "broken/index.md:8: [fail]" in box.get_text()  # the 'fail:' line
    assert "Intro survives." in broken.get_text()
    other = BeautifulSoup(live.wait_for_text("posts/prose/", "</html>"), "html.parser")
    assert other.find(class_="pb-error") is None


def test_changing_plugin_code_restarts_pelican_with_the_new_code(live):
    feature = live.root / "feat" / "livefeature.py"
    feature.write_text(feature.read_text().replace('class="echo"', 'class="echo restarted"'))
    live.wait_for("the restart message", lambda: any("plugin code changed" in line for line in live.output))
    message = next(line for line in live.output if "plugin code changed" in line)
    assert message.endswith("livefeature.py): restarting Pelican so the preview uses it")
    live.wait_for_text("posts/numbers/", 'class="echo restarted"')


def test_the_watched_code_is_the_plugin_and_its_feature_modules(tmp_path):
    site = load_site(make_site(tmp_path / "site") / "pelicanconf.py")
    code = plugin_code(site, [])
    package = ROOT / "plugins" / "perfblog"
    feature = ROOT / "tests" / "features_for_tests.py"
    assert package in code.roots and feature.parent in code.roots
    assert str(package / "flame" / "render.py") in code
    assert str(feature) in code
    assert str(package / "templates" / "flame" / "graph.html") not in code  # Pelican reloads templates itself
    assert str(ROOT / "tests" / "test_plugin.py") not in code


def test_a_site_below_a_hidden_folder_is_flagged_as_invisible_to_autoreload(tmp_path):
    """Pelican matches IGNORE_FILES against absolute paths when watching: '**/.*' hides everything."""
    visible = load_site(make_site(tmp_path / "site") / "pelicanconf.py")
    hidden = load_site(make_site(tmp_path / ".hidden" / "site") / "pelicanconf.py")
    assert blind_spots(visible) == []
    assert blind_spots(hidden) == ["**/.*"]


def test_a_half_written_content_cache_is_removed_before_pelican_starts(tmp_path):
    """Pelican 4.12 dies on a truncated cache ('Ran out of input') instead of ignoring it."""
    root = make_site(tmp_path / "site")
    with (root / "pelicanconf.py").open("a") as settings:
        settings.write(f"LOAD_CONTENT_CACHE = True\nCACHE_PATH = {str(tmp_path / 'cache')!r}\n")
    site = load_site(root / "pelicanconf.py")
    cache = tmp_path / "cache"
    cache.mkdir()
    whole = gzip.compress(pickle.dumps({"posts/a.md": "cached"}))
    (cache / "ArticlesGenerator").write_bytes(whole)
    (cache / "PagesGenerator-Readers").write_bytes(whole[: len(whole) // 2])
    (cache / "notes.txt").write_text("not Pelican's: never touched")
    assert drop_broken_caches(site) == [cache / "PagesGenerator-Readers"]
    assert sorted(p.name for p in cache.iterdir()) == ["ArticlesGenerator", "notes.txt"]


def test_drafts_are_listed_with_their_preview_url(tmp_path):
    root = make_site(tmp_path / "site")
    for slug, status in (("wip", "draft"), ("done", "published")):
        (root / "content" / "posts" / slug).mkdir()
        (root / "content" / "posts" / slug / "index.md").write_text(
            f"Title: {slug}\nDate: 2026-11-01\nSlug: {slug}\nStatus: {status}\n\nText.\n")
    assert draft_urls(load_site(root / "pelicanconf.py")) == ["drafts/wip/"]


def test_one_save_is_one_rebuild_even_with_a_broken_post(live):
    """A build with errors never makes Pelican's autoreload loop rebuild by itself."""

    def builds() -> int:
        return sum(line.startswith("Done: Processed") for line in live.output)

    live.wait_for_text("posts/broken/", "pb-error")
    live.wait_for("a finished build", lambda: builds() >= 1)
    time.sleep(1)  # any rebuild of an earlier test's edit ends
    settled = builds()
    time.sleep(2)  # idle: a spinning loop would build about once a second here
    assert builds() == settled
    prose = live.root / "content/posts/prose/index.md"
    prose.write_text(prose.read_text() + "\nOne more line.\n")
    live.wait_for("the rebuild", lambda: builds() > settled)
    time.sleep(2)
    assert builds() == settled + 1
    errors = [line for line in live.output[-40:] if "broken/index.md:8: [fail]" in line]
    assert len(errors) >= 1 and not any("Traceback" in line for line in live.output)


@pytest.mark.browser
def test_an_open_tab_reloads_itself_after_a_rebuild(live, browser):
    page = browser.new_page()
    try:
        live.wait_for_text("posts/prose/", "</html>")
        page.goto(f"http://127.0.0.1:{live.port}/posts/prose/")
        page.wait_for_load_state("networkidle")
        prose = live.root / "content/posts/prose/index.md"
        prose.write_text(prose.read_text() + "\nSeen without pressing reload.\n")
        page.wait_for_function("document.body.innerText.includes('Seen without pressing reload.')", timeout=15000)
    finally:
        page.close()


def test_pages_are_replaced_whole_and_the_preview_script_is_only_in_the_preview(live, tmp_path):
    """A page read during a rebuild is the old one or the new one (never empty); publish has no reload."""
    page = live.wait_for_text("posts/numbers/", "</html>")
    assert "perfblog/reload.js" in page
    prose = live.root / "content/posts/prose/index.md"
    prose.write_text(prose.read_text() + "\nAgain.\n")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # hammer the page through the rebuild
        text = live.page("posts/numbers/")
        assert text is None or text.rstrip().endswith("</html>"), text[-200:]
    from sitebuild import build_site

    published = build_site(ROOT / "publishconf.py", tmp_path / "out", env={"SITEURL": "https://x.example"})
    assert "reload.js" not in (tmp_path / "out" / "index.html").read_text()
    assert not (tmp_path / "out" / "perfblog" / "reload.js").exists() and published.error is None


# --- a save between a build's end and the watcher's start ---------------------------------

def test_a_file_saved_before_the_watcher_runs_is_a_change(tmp_path, monkeypatch):
    """Pelican starts watching only after a build: what was saved in between is not lost."""
    import watchfiles

    from perfblog.glue import report

    monkeypatch.setattr(report, "_started_ns", time.time_ns())  # the last build started
    post = tmp_path / "index.md"
    post.write_text("saved after that look, before the watcher ran")
    found = []
    watcher = threading.Thread(target=lambda: found.append(next(report.KeptWatch().watch(tmp_path))), daemon=True)
    watcher.start()
    watcher.join(5)  # without the look the watcher would wait for the next save, forever here
    assert found == [{(watchfiles.Change.modified, str(post))}]


def test_with_nothing_missed_the_watcher_waits_for_a_save(tmp_path, monkeypatch):
    from perfblog.glue import report

    post = tmp_path / "index.md"
    post.write_text("saved before the last build started")
    monkeypatch.setattr(report, "_started_ns", time.time_ns())
    found = []
    watcher = threading.Thread(target=lambda: found.append(next(report.KeptWatch().watch(tmp_path))), daemon=True)
    watcher.start()
    watcher.join(2 * report.WATCH_READY_MS / 1000 + 0.5)  # past its first look: nothing to give
    assert found == []
    post.write_text("a save while watching")
    watcher.join(10)
    assert found and str(post) in {path for _, path in found[0]}


def test_saves_while_nobody_waits_reach_the_next_wait_at_once(tmp_path, monkeypatch):
    """Between two waits a build runs: the kept watcher goes on seeing saves, without a look."""
    from perfblog.glue import report

    monkeypatch.setattr(report, "_started_ns", time.time_ns())
    monkeypatch.setattr(report, "newer_than", lambda *args, **options: None)  # no look finds what is missed
    watch, found = report.KeptWatch(), []

    def wait():
        found.append(next(watch.watch(tmp_path)))

    first = threading.Thread(target=wait, daemon=True)
    first.start()
    time.sleep(2 * report.WATCH_READY_MS / 1000)  # the watcher runs
    (tmp_path / "a.md").write_text("a save while waiting")
    first.join(10)
    (tmp_path / "b.md").write_text("a save during the build")  # nobody waits now
    time.sleep(0.3)
    started = time.monotonic()
    second = threading.Thread(target=wait, daemon=True)
    second.start()
    second.join(10)  # a new watcher for this wait would never see b.md
    assert [sorted(os.path.basename(p) for _, p in changes) for changes in found] == [["a.md"], ["b.md"]]
    assert time.monotonic() - started < report.WATCH_READY_MS / 1000  # given at once, not at a timeout
    assert watch.running


def test_a_save_both_the_look_and_the_watcher_find_is_given_once(tmp_path, monkeypatch):
    import watchfiles

    from perfblog.glue import report

    post = tmp_path / "index.md"
    post.write_text("saved as the watcher started")
    seen = {(watchfiles.Change.modified, str(post))}
    later = {(watchfiles.Change.modified, str(tmp_path / "other.md"))}

    def watch(*paths, **options):  # two timeouts, then the watcher's own view of that save, then another
        for changes in (set(), set(), seen, later):
            time.sleep(0.1)
            yield changes

    monkeypatch.setattr(report.watchfiles, "watch", watch)
    monkeypatch.setattr(report, "newer_than", lambda *args: str(post))
    assert list(report.KeptWatch().watch(tmp_path)) == [seen, later]


def test_a_save_while_the_look_walks_is_given_at_once(tmp_path, monkeypatch):
    """The look runs beside the watcher: a save does not wait for a walk of the whole tree."""
    import watchfiles

    from perfblog.glue import report

    walking = threading.Event()
    saved = {(watchfiles.Change.modified, str(tmp_path / "index.md"))}

    def slow_look(*args):
        walking.set()
        args[-1].wait(30)  # walks until cancelled
        return None

    def watch(*paths, **options):
        yield set()
        walking.wait(5)
        yield saved

    monkeypatch.setattr(report.watchfiles, "watch", watch)
    monkeypatch.setattr(report, "newer_than", slow_look)
    started = time.monotonic()
    assert next(report.KeptWatch().watch(tmp_path)) == saved
    assert time.monotonic() - started < 5


def test_pelicans_autoreload_watches_through_it():
    import pelican.utils

    import perfblog
    from perfblog.glue import report

    perfblog.register()
    assert isinstance(pelican.utils.watchfiles, report.KeptWatch)
