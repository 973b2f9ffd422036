"""Fixtures for the quality gates: the site built three times (root, subpath, GitHub project
page), served on 127.0.0.1, one chromium for the whole session, and the pinned npm tools.

Every build is of gates.quality_content(): content/ (or PERFBLOG_QUALITY_CONTENT) plus the
gates' own posts in tests/quality/site/, so every page kind and block kind exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from browser import serve
from gates import (GITHUB_SITE_URL, ROOT, SCHEMES, VIEWPORTS, QualityBuild, quality_build, quality_content,
                   tools, url_of)
from sitebuild import BuiltSite

SUBPATH = "/repo"


def _checked(build: QualityBuild, what: str) -> QualityBuild:
    if build.site.error is not None:
        pytest.fail(f"{what} build failed: {build.site.error}\n" + "\n".join(build.site.problems()), pytrace=False)
    return build


@pytest.fixture(scope="session")
def quality_tools():
    """axe-core and vnu.jar, installed once with npm into ~/.cache/perfblog-quality/."""
    try:
        return tools()
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def content(tmp_path_factory):
    return quality_content(tmp_path_factory.mktemp("quality-content") / "content")


@pytest.fixture(scope="session")
def root_build(tmp_path_factory, content) -> QualityBuild:
    """The site built with pelicanconf.py (relative URLs), as `make html` does."""
    build = quality_build(ROOT / "pelicanconf.py", tmp_path_factory.mktemp("quality-root") / "out", content)
    return _checked(build, "pelicanconf.py")


@pytest.fixture(scope="session")
def root_site(root_build) -> BuiltSite:
    return root_build.site


@pytest.fixture(scope="session")
def root_url(root_site):
    with serve(root_site.output) as url:
        yield url


@dataclass
class SubpathSite:
    build: QualityBuild
    url: str  # where it is served, ends with "/"
    site_url: str  # its SITEURL, no trailing slash

    @property
    def site(self) -> BuiltSite:
        return self.build.site


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory, content):
    """publishconf.py with an absolute SITEURL under a subpath, as a GitHub project page
    (https://user.github.io/repo) gets it; here the origin is the local server that
    serves the folder under /repo/, so the browser can load it too."""
    output = tmp_path_factory.mktemp("quality-subpath") / "out"
    output.mkdir()
    with serve(output, SUBPATH) as url:
        site_url = url.rstrip("/")
        build = quality_build(ROOT / "publishconf.py", output, content, env={"SITEURL": site_url})
        yield SubpathSite(_checked(build, "publishconf.py"), url, site_url)


@pytest.fixture(scope="session")
def github_site(tmp_path_factory, content) -> BuiltSite:
    """publishconf.py exactly as a GitHub project page gets it (for the static checks)."""
    build = quality_build(ROOT / "publishconf.py", tmp_path_factory.mktemp("quality-github") / "out", content,
                          env={"SITEURL": GITHUB_SITE_URL})
    return _checked(build, "publishconf.py").site


def _url(base: str, paths: dict[str, str | None], kind: str) -> str:
    if paths[kind] is None:
        pytest.fail(f"the build has no {kind} page (see test_every_page_kind_is_built_and_checked)", pytrace=False)
    return url_of(base, paths[kind])


@pytest.fixture
def root_page_url(root_url, root_build):
    """kind -> URL of that page kind (gates.PAGE_KINDS) in the served root build."""
    paths = root_build.page_types()
    return lambda kind: _url(root_url, paths, kind)


@pytest.fixture
def subpath_page_url(subpath_site):
    """kind -> URL of that page kind in the served subpath build."""
    paths = subpath_site.build.page_types()
    return lambda kind: _url(subpath_site.url, paths, kind)


@pytest.fixture
def new_context(browser):
    """Factory: a fresh browser context for one viewport width and colour scheme."""
    contexts = []

    def make(width: int = 1280, scheme: str = "light"):
        assert scheme in SCHEMES
        viewport = VIEWPORTS.get(width, {"width": width, "height": 1080})
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
