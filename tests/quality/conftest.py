"""Fixtures for the quality gates: the site built twice (root, subpath), served on
127.0.0.1, one chromium for the whole session, and the pinned npm tools.

Builds use gates.build_overrides(): see gates.BUILD_OVERRIDES for the block renderers
switch, and PERFBLOG_QUALITY_CONTENT to check another content folder.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from browser import serve
from gates import GITHUB_SITE_URL, ROOT, SCHEMES, VIEWPORTS, build_overrides, page_types, tools, url_of
from sitebuild import BuiltSite, build_site

SUBPATH = "/repo"


def _checked(site: BuiltSite, what: str) -> BuiltSite:
    if site.error is not None:
        pytest.fail(f"{what} build failed: {site.error}\n" + "\n".join(site.problems()), pytrace=False)
    return site


@pytest.fixture(scope="session")
def quality_tools():
    """axe-core and vnu.jar, installed once with npm into ~/.cache/perfblog-quality/."""
    try:
        return tools()
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def root_site(tmp_path_factory) -> BuiltSite:
    """The bundled site built with pelicanconf.py (relative URLs), as `make html` does."""
    site = build_site(ROOT / "pelicanconf.py", tmp_path_factory.mktemp("quality-root") / "out",
                      overrides=build_overrides())
    return _checked(site, "pelicanconf.py")


@pytest.fixture(scope="session")
def root_url(root_site):
    with serve(root_site.output) as url:
        yield url


@dataclass
class SubpathSite:
    site: BuiltSite
    url: str  # where it is served, ends with "/"
    site_url: str  # its SITEURL, no trailing slash


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory):
    """publishconf.py with an absolute SITEURL under a subpath, as a GitHub project page
    (https://user.github.io/repo) gets it; here the origin is the local server that
    serves the folder under /repo/, so the browser can load it too."""
    output = tmp_path_factory.mktemp("quality-subpath") / "out"
    output.mkdir()
    with serve(output, SUBPATH) as url:
        site_url = url.rstrip("/")
        site = build_site(ROOT / "publishconf.py", output, env={"SITEURL": site_url},
                          overrides=build_overrides())
        yield SubpathSite(_checked(site, "publishconf.py"), url, site_url)


@pytest.fixture(scope="session")
def github_site(tmp_path_factory) -> BuiltSite:
    """publishconf.py exactly as a GitHub project page gets it (for the static checks)."""
    site = build_site(ROOT / "publishconf.py", tmp_path_factory.mktemp("quality-github") / "out",
                      env={"SITEURL": GITHUB_SITE_URL}, overrides=build_overrides())
    return _checked(site, "publishconf.py")


@pytest.fixture(scope="session")
def page_paths(root_site) -> dict[str, str | None]:
    """Output-relative path of one page per kind (gates.PAGE_KINDS) in the root build."""
    return page_types(root_site.output)


def _url_or_skip(base: str, paths: dict[str, str | None], kind: str) -> str:
    if paths[kind] is None:
        pytest.skip(f"the built site has no {kind} page yet (no published article in content/posts/)")
    return url_of(base, paths[kind])


@pytest.fixture
def root_page_url(root_url, page_paths):
    """kind -> URL of that page type in the served root build; skips while it does not exist."""
    return lambda kind: _url_or_skip(root_url, page_paths, kind)


@pytest.fixture
def subpath_page_url(subpath_site):
    """kind -> URL of that page type in the served subpath build; skips while it does not exist."""
    return lambda kind: _url_or_skip(subpath_site.url, page_types(subpath_site.site.output), kind)


@pytest.fixture
def new_context(browser):
    """Factory: a fresh browser context for one viewport width and colour scheme."""
    contexts = []

    def make(width: int = 1280, scheme: str = "light"):
        assert width in VIEWPORTS and scheme in SCHEMES
        context = browser.new_context(viewport=VIEWPORTS[width], color_scheme=scheme)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
