"""Deployment: workflows, gh-pages publishing, and site files for GitHub Pages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sitebuild import ROOT, build_site

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = Path(sys.executable).with_name("actionlint")


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(ACTIONLINT), "-no-color", *map(str, files)], capture_output=True, text=True)


def test_actionlint_passes_on_the_workflows():
    assert WORKFLOWS, "no workflows found"
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text((ROOT / ".github/workflows/pages.yml").read_text().replace("needs: build", "needs: biuld"))
    result = actionlint(broken)
    assert result.returncode != 0 and "biuld" in result.stdout


def test_pages_workflow_is_locked_down_and_pinned():
    text = (ROOT / ".github/workflows/pages.yml").read_text()
    permissions = re.search(r"^permissions:\n((?:  .*\n)+)", text, re.M).group(1)
    assert sorted(line.strip() for line in permissions.splitlines()) == [
        "contents: read", "id-token: write", "pages: write"]
    assert re.search(r"^concurrency:\n  group: pages", text, re.M)
    assert "branches: [main]" in text and "workflow_dispatch:" in text
    for workflow in WORKFLOWS:
        for action in re.findall(r"uses: (\S+)", workflow.read_text()):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), f"{workflow.name}: {action} is not pinned"
    assert "SITEURL: ${{ steps.pages.outputs.base_url }}" in text
    assert "run: make publish" in text
    for action in ("configure-pages", "upload-pages-artifact", "deploy-pages"):
        assert f"actions/{action}@" in text


def test_tests_workflow_runs_the_ci_script_on_pull_requests():
    text = (ROOT / ".github/workflows/tests.yml").read_text()
    assert "pull_request:" in text and "bash .ci/run" in text


@pytest.mark.parametrize("siteurl,prefix", [
    ("https://user.github.io/repo", "https://user.github.io/repo/"),
    ("/repo", "/repo/"),
])
def test_every_local_reference_stays_under_the_subpath(tmp_path, siteurl, prefix):
    site = build_site(ROOT / "publishconf.py", tmp_path / "out", env={"SITEURL": siteurl})
    assert site.error is None, site.problems()
    checked = 0
    for page in site.pages():
        html = page.read_text()
        for value in re.findall(r'(?:href|src|content)="([^"]*)"', html):
            if value.startswith(("#", "mailto:")) or not ("/" in value or value.endswith((".css", ".js", ".svg", ".html"))):
                continue
            if value.startswith("https://") and not value.startswith("https://user.github.io"):
                continue  # external link from post text, never a resource (checked elsewhere)
            assert value.startswith(prefix) or value.startswith(f"{prefix.rstrip('/')}"), f"{page.name}: {value}"
            checked += 1
    assert checked > 50


def test_sitemap_robots_and_404(published):
    sitemap = ET.parse(published.output / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in sitemap.findall("s:url/s:loc", ns)]
    assert "https://perf.example.org/blog/posts/counting-words-faster/" in locs
    assert all(loc.startswith("https://perf.example.org/blog/") for loc in locs)
    assert not any("404" in loc or "/drafts/" in loc for loc in locs)
    robots = (published.output / "robots.txt").read_text()
    assert "Sitemap: https://perf.example.org/blog/sitemap.xml" in robots
    # 404.html is served for missing URLs at any depth: it must use absolute URLs.
    page = published.html("404.html")
    for tag in page.find_all(["link", "a", "script", "img"]):
        url = tag.get("href") or tag.get("src") or ""
        assert url.startswith(("https://perf.example.org/blog/", "#")), url


def test_cname_from_the_environment(tmp_path):
    site = build_site(ROOT / "publishconf.py", tmp_path / "out",
                      env={"SITEURL": "https://blog.example.org", "CNAME": "blog.example.org"})
    assert site.error is None, site.problems()
    assert (site.output / "CNAME").read_text().strip() == "blog.example.org"


def test_publishconf_refuses_to_guess_siteurl():
    env = {k: v for k, v in os.environ.items() if k != "SITEURL"}
    result = subprocess.run([sys.executable, "-c", "import publishconf"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "set SITEURL" in result.stderr


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_make_github_pushes_the_site_to_a_gh_pages_branch(tmp_path):
    remote = tmp_path / "remote.git"
    git("init", "--bare", "-q", str(remote), cwd=tmp_path)
    checkout = tmp_path / "checkout"
    git("clone", "-q", "--no-hardlinks", str(ROOT), str(checkout), cwd=tmp_path)
    # the working tree may hold uncommitted changes under test: copy them over
    for name in ("Makefile", "publishconf.py", "pelicanconf.py"):
        shutil.copy(ROOT / name, checkout / name)
    for name in ("content", "plugins"):  # theme/ is a link into plugins/perfblog/theme
        shutil.rmtree(checkout / name)
        shutil.copytree(ROOT / name, checkout / name, ignore=shutil.ignore_patterns("target", "__pycache__"))
    env = {**os.environ, "SITEURL": "https://user.github.io/repo",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    venv = Path(sys.executable).parent.parent
    # -o: use the already installed venv as is; re-running its pip install from this
    # throwaway clone would point the editable install at a folder about to be deleted
    result = subprocess.run(["make", "-o", f"{venv}/bin/.installed", "github", f"VENV={venv}", f"GITHUB_REMOTE={remote}"],
                            cwd=checkout, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    assert ".nojekyll" in files
    assert "index.html" in files and "posts/counting-words-faster/index.html" in files
    assert "theme/css/site.css" in files and "sitemap.xml" in files
    assert not any(f.endswith(".md") for f in files)
    index = git("show", "gh-pages:index.html", cwd=remote)
    assert 'href="https://user.github.io/repo/theme/css/site.css"' in index


def test_raw_data_is_linked_not_copied_and_the_pages_artifact_holds_real_files(published, tmp_path):
    """The raw data beside a table is a hard link to the post's file (a copy costs ~0.3 ms a
    file); upload-pages-artifact's own tar command (v5.0.0 action.yml) turns links into files."""
    page = published.html("posts/counting-words-faster/index.html")
    href = next(a["href"] for a in page.select(".pb-bench-notes a[download]") if a.get_text().endswith(".json"))
    name = f"posts/counting-words-faster/{href}"  # beside the page
    linked = published.output / name
    source = ROOT / "content" / "posts" / "2026-11-27-word-count" / page.find("a", href=href).get_text()
    assert linked.stat().st_ino == source.stat().st_ino
    artifact = tmp_path / "artifact.tar"
    subprocess.run(["tar", "--dereference", "--hard-dereference", "--directory", str(published.output),
                    "-cf", str(artifact), "--exclude=.git", "--exclude=.github", "."], check=True)
    with tarfile.open(artifact) as tar:
        member = tar.getmember(f"./{name}")
        assert member.isreg() and tar.extractfile(member).read() == source.read_bytes()


def test_a_file_written_where_a_link_was_never_writes_through_to_the_post(tmp_path):
    from perfblog.glue.plugin import write_files

    data = tmp_path / "content" / "run.csv"
    data.parent.mkdir()
    data.write_text("benchmark,ns\nfib,12\n")
    output = tmp_path / "output"
    write_files(output, {"posts/p/b1-data-1.csv": data})  # an earlier build linked the raw file here
    assert (output / "posts/p/b1-data-1.csv").stat().st_ino == data.stat().st_ino
    write_files(output, {"posts/p/b1-data-1.csv": b"a table's own CSV\n"})  # this build writes its CSV there
    assert data.read_text() == "benchmark,ns\nfib,12\n"
    assert (output / "posts/p/b1-data-1.csv").read_bytes() == b"a table's own CSV\n"
