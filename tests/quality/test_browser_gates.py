"""Quality gates in a real browser (Debian chromium via Playwright): every page type at
390 and 1280 px in light and dark, keyboard-only use, axe-core, page weight, subpath."""

from __future__ import annotations

import pytest

from gates import (EXAMPLE_POST, EXAMPLE_POST_SOURCE, PAGE_KINDS, SCHEMES, VIEWPORTS, broken_images,
                   check_page_weight, check_skip_link, check_tab_order, content_dir, format_violations,
                   horizontal_overflow, open_page, run_axe, transferred, url_of)

pytestmark = pytest.mark.browser

MATRIX = [pytest.param(kind, width, scheme, id=f"{kind.replace(' ', '-')}-{width}-{scheme}")
          for kind in PAGE_KINDS for width in VIEWPORTS for scheme in SCHEMES]
AXE_KINDS = ["index", "article", "tag", "archives"]


def _example_post_or_skip(page_paths) -> str:
    """The example post's path; skips only while its source does not exist yet."""
    if page_paths["article"] == EXAMPLE_POST:
        return EXAMPLE_POST
    source = content_dir() / EXAMPLE_POST_SOURCE
    if source.is_file():
        pytest.fail(f"{source} exists but the build has no {EXAMPLE_POST} (slug changed?)")
    pytest.skip(f"the example post {EXAMPLE_POST} is not built yet ({EXAMPLE_POST_SOURCE} missing)")


@pytest.mark.parametrize("kind,width,scheme", MATRIX)
def test_page_renders_cleanly(kind, width, scheme, root_page_url, new_context):
    """No console errors, no failed or third-party request (every request is routed;
    only 127.0.0.1 may be reached), no sideways scrolling, every image loaded."""
    url = root_page_url(kind)
    visit = open_page(new_context(width, scheme), url)
    problems = broken_images(visit.page) + horizontal_overflow(visit.page)
    problems += visit.problems()  # last: image loading may have made requests
    assert not problems, "\n".join([url, *problems])


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_keyboard_only(kind, width, root_page_url, new_context):
    """Tab from the top reaches the skip link first and Enter moves focus to <main>;
    Tab then reaches every interactive element and scroll region, each visibly focused.
    (Light scheme only: tab order and focus styles do not depend on the scheme.)"""
    url = root_page_url(kind)
    visit = open_page(new_context(width, "light"), url)
    problems = check_skip_link(visit.page) + check_tab_order(visit.page) + visit.problems()
    assert not problems, "\n".join([url, *problems])


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("kind", AXE_KINDS)
def test_axe_finds_no_violations(kind, width, scheme, page_paths, root_url, root_page_url, new_context,
                                 quality_tools):
    """axe-core, WCAG 2.0/2.1/2.2 A+AA and best practices: zero violations."""
    url = url_of(root_url, _example_post_or_skip(page_paths)) if kind == "article" else root_page_url(kind)
    visit = open_page(new_context(width, scheme), url)
    broken_images(visit.page)  # load lazy images so axe sees the page as a reader does
    problems = format_violations(run_axe(visit.page, quality_tools.axe_js))
    assert not problems, "\n".join([visit.url, *problems])


@pytest.mark.parametrize("width", VIEWPORTS)
def test_example_post_weight(width, page_paths, root_url, new_context):
    """The example post with every figure, stylesheet and script it fetches: <= 200 KB gzip."""
    path = _example_post_or_skip(page_paths)
    visit = open_page(new_context(width, "light"), url_of(root_url, path))
    assert broken_images(visit.page) == []
    visit.page.wait_for_load_state("networkidle")
    sizes = transferred(visit.responses)
    print(f"{path} at {width}px: {sum(sizes.values()):,} B gzip in {len(sizes)} responses")
    assert visit.third_party == []
    problems = check_page_weight(visit.responses)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_subpath_build_in_the_browser(kind, subpath_page_url, new_context):
    """The publish build served under /repo/: every asset loads from under the subpath."""
    visit = open_page(new_context(1280, "light"), subpath_page_url(kind))
    problems = broken_images(visit.page) + visit.problems()
    assert not problems, "\n".join([visit.url, *problems])
