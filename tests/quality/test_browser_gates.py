"""Quality gates in a real browser (Debian chromium via Playwright): every page kind at
390 and 1280 px in light and dark, keyboard-only use, axe-core, page weight, subpath,
and reading on screens (text size, tables, captions, scroll cues)."""

from __future__ import annotations

import pytest

from gates import (PAGE_KINDS, SCHEMES, VIEWPORTS, broken_images, check_page_weight, check_skip_link,
                   check_tab_order, format_violations, horizontal_overflow, missing_scroll_cues, open_page, run_axe,
                   small_text, table_problems, transferred)

pytestmark = pytest.mark.browser

MATRIX = [pytest.param(kind, width, scheme, id=f"{kind.replace(' ', '-')}-{width}-{scheme}")
          for kind in PAGE_KINDS for width in VIEWPORTS for scheme in SCHEMES]


@pytest.mark.parametrize("kind,width,scheme", MATRIX)
def test_page_renders_cleanly_within_budget(kind, width, scheme, root_page_url, new_context):
    """No console errors, no failed or third-party request (every request is routed;
    only 127.0.0.1 may be reached), no sideways scrolling, every image loaded, and the
    page with everything it fetched within the page-weight budget."""
    url = root_page_url(kind)
    visit = open_page(new_context(width, scheme), url)
    problems = broken_images(visit.page) + horizontal_overflow(visit.page)
    visit.page.wait_for_load_state("networkidle")
    print(f"{kind} at {width}px: {sum(transferred(visit.responses).values()):,} B gzip")
    problems += check_page_weight(visit.responses)
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


@pytest.mark.parametrize("kind,width,scheme", MATRIX)
def test_axe_finds_no_violations(kind, width, scheme, root_page_url, new_context, quality_tools):
    """axe-core, WCAG 2.0/2.1/2.2 A+AA and best practices: zero violations."""
    visit = open_page(new_context(width, scheme), root_page_url(kind))
    broken_images(visit.page)  # load lazy images so axe sees the page as a reader does
    problems = format_violations(run_axe(visit.page, quality_tools.axe_js))
    assert not problems, "\n".join([visit.url, *problems])


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_readable_on_a_phone(kind, scheme, root_page_url, new_context):
    """At 390 px: every text, chart and flame graph label at least 11 CSS px (MIN_TEXT_PX)
    as rendered, and every table that scrolls sideways shows a scroll cue."""
    visit = open_page(new_context(390, scheme), root_page_url(kind))
    broken_images(visit.page)  # load lazy images: flame graph images are measured too
    problems = small_text(visit.page) + missing_scroll_cues(visit.page)
    assert not problems, "\n".join([visit.url, *problems])


@pytest.mark.parametrize("width", [390, 1280, 1600, 1920])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_tables_fit_their_content_and_captions_are_whole(kind, width, root_page_url, new_context):
    """Tables are as wide as their content (not the column), and no caption is cut off."""
    visit = open_page(new_context(width, "light"), root_page_url(kind))
    problems = table_problems(visit.page)
    assert not problems, "\n".join([visit.url, *problems])


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_subpath_build_in_the_browser(kind, subpath_page_url, new_context):
    """The publish build served under /repo/: every asset loads from under the subpath."""
    visit = open_page(new_context(1280, "light"), subpath_page_url(kind))
    problems = broken_images(visit.page) + visit.problems()
    assert not problems, "\n".join([visit.url, *problems])
