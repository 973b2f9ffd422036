"""flame.js in a real browser: two graphs on one page zoom and search independently."""

from __future__ import annotations

import pytest

from browser import serve
from flamehelp import STATIC, render

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser


@pytest.fixture
def page_url(content, tmp_path):
    """A standalone page with two graphs of different profiles, and the real assets."""
    first, _ = render("flamegraph", "file: pyspy-before.folded\ntitle: One", content, block_id="g1")
    second, _ = render("flamegraph", "file: pyspy-after.folded\ntitle: Two", content, block_id="g2")
    css, js = (STATIC / "flame.css").read_text(), (STATIC / "flame.js").read_text()
    page = tmp_path / "page.html"
    page.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head>"
        f"<body style='width:900px'>{first}{second}<script>{js}</script></body></html>",
        encoding="utf-8",
    )
    return page.as_uri()


def widths(page, figure: str) -> list[str]:
    return page.eval_on_selector_all(f"#{figure} rect", "rs => rs.map(r => r.getAttribute('width'))")


def hidden_count(page, figure: str) -> int:
    return page.eval_on_selector_all(f"#{figure} g.h", "gs => gs.length")


def frame(page, figure: str, name: str):
    return page.locator(f"#{figure} g", has=page.locator(f"title:text-matches('^{name} ')")).first


def test_click_zooms_only_its_own_graph_and_reset_restores(browser, page_url):
    page = browser.new_page()
    page.goto(page_url)
    before_one, before_two = widths(page, "g1"), widths(page, "g2")
    frame(page, "g1", "tokenize").click()
    zoomed = frame(page, "g1", "tokenize").locator("rect")
    assert zoomed.get_attribute("width") == "1000.0"
    assert hidden_count(page, "g1") > 0
    assert widths(page, "g2") == before_two and hidden_count(page, "g2") == 0
    assert page.locator("#g2 .pb-flame-reset").is_disabled()
    page.locator("#g1 .pb-flame-reset").click()
    assert hidden_count(page, "g1") == 0
    assert [float(w) for w in widths(page, "g1")] == [float(w) for w in before_one]
    page.close()


def test_search_highlights_only_its_own_graph(browser, page_url):
    page = browser.new_page()
    page.goto(page_url)
    page.locator("#g2 input[type=search]").fill("Parser.")
    matches = page.eval_on_selector_all("#g2 g.m title", "ts => ts.map(t => t.textContent)")
    assert matches and all("Parser." in t for t in matches)
    assert page.eval_on_selector_all("#g1 g.m", "gs => gs.length") == 0
    readout = page.locator("#g2 output").text_content()
    assert readout.startswith("Matched: ") and readout.endswith("% of samples")
    assert 0 < float(readout.split()[1].rstrip("%")) <= 100
    assert page.locator("#g1 output").text_content() == ""
    page.close()


def test_keyboard_moves_zooms_and_resets(browser, page_url):
    page = browser.new_page()
    page.goto(page_url)
    page.locator("#g1 g").first.focus()
    for _ in range(3):  # all → <module> → main → first child
        page.keyboard.press("ArrowUp")
    focused = page.evaluate("document.activeElement.querySelector('title').textContent")
    assert focused.startswith("make_document")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.querySelector('title').textContent").startswith("parse_value")
    page.keyboard.press("Enter")
    assert hidden_count(page, "g1") > 0 and hidden_count(page, "g2") == 0
    assert "parse_value" in page.locator("#g1 .pb-flame-detail").text_content()
    page.keyboard.press("Escape")
    assert hidden_count(page, "g1") == 0
    page.close()


def test_readable_without_javascript(browser, page_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(page_url)
    assert not page.locator("#g1 .pb-flame-tools").is_visible()
    assert page.locator("#g1 svg").bounding_box()["height"] > 100
    assert page.locator("#g1 text", has_text="tokenize").count() == 1
    context.close()


@pytest.fixture
def served(content):
    """Serve the content folder on 127.0.0.1 (an ephemeral port), as a real site would be."""
    with serve(content) as base:
        yield content, base.rstrip("/")


def page_with(root, html: str, assets: list[str]) -> None:
    """Write page.html with ``html`` and the assets inlined; {attach} links made relative."""
    css = "".join((STATIC / a).read_text() for a in assets if a.endswith(".css"))
    js = "".join((STATIC / a).read_text() for a in assets if a.endswith(".js"))
    (root / "page.html").write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head>"
        f"<body style='width:900px'>{html.replace('{attach}', '')}<script>{js}</script></body></html>",
        encoding="utf-8",
    )


def test_external_svg_script_runs_sandboxed(browser, served):
    root, base = served
    html, ctx = render("flamegraph-svg", "file: pyspy-wordcount.svg\nalt: py-spy graph", root)
    page_with(root, html, sorted(ctx.assets))
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "favicon" not in m.location["url"] else None)
    page.goto(f"{base}/page.html")
    assert not any(f.url.startswith("data:") for f in page.frames)  # closed: not loaded, so not run at zero width
    page.locator("summary").click()
    frame = page.frame_locator("iframe")
    target = frame.locator("g", has=frame.locator("title:text-matches('^count_with_dict')")).first
    target.locator("rect").click(force=True)
    assert target.locator("rect").get_attribute("width") == "100.0000%"  # its own zoom works
    assert page.url == f"{base}/page.html"  # but it did not rewrite the page's URL
    inner = next(f for f in page.frames if f.url.startswith("data:image/svg+xml;base64,"))  # no URL of the site
    assert inner.evaluate("self.origin") == "null"  # an opaque origin: no access to the site's storage
    assert inner.evaluate("(() => { try { return window.parent.document.title, 'reached'; } catch (e) { return e.name; } })()") == "SecurityError"
    assert errors == []
    page.close()


def test_external_svg_without_script_is_the_picture(browser, served):
    root, base = served
    html, _ = render("flamegraph-svg", "file: pyspy-wordcount.svg\nalt: py-spy graph", root)
    page_with(root, html, ["flame.css"])  # no media.js: the interactive view could never load
    page = browser.new_page()
    page.goto(f"{base}/page.html")
    assert page.get_by_role("img", name="py-spy graph").is_visible()
    assert not page.locator("summary").is_visible()
    page.close()


def test_compare_slider_by_keyboard(browser, served):
    root, base = served
    (root / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect width="400" height="200" fill="#c33"/></svg>')
    (root / "b.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400"><rect width="800" height="400" fill="#33c"/></svg>')
    body = "before: a.svg\nafter: b.svg\nbefore-alt: Red square\nafter-alt: Blue square"
    html, ctx = render("compare", body, root, block_id="cmp")
    page_with(root, html, sorted(ctx.assets))
    page = browser.new_page()
    page.goto(f"{base}/page.html")
    toggle = page.get_by_role("button", name="Slider view")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    slider = page.get_by_role("slider")
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    assert page.evaluate("getComputedStyle(document.getElementById('cmp')).getPropertyValue('--pb-split')") == "55%"
    assert slider.get_attribute("aria-valuetext") == "Before 55%, After 45%"
    items = page.locator(".pb-compare-item")
    assert items.nth(0).bounding_box() == items.nth(1).bounding_box()  # stacked in one cell
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-pressed") == "false"
    first, second = items.nth(0).bounding_box(), items.nth(1).bounding_box()
    assert second["x"] > first["x"] + first["width"] - 1  # side by side again on a wide page
    page.close()


SITE_CSS = STATIC.parents[2] / "theme" / "static" / "css" / "site.css"


@pytest.fixture
def phone_page(content, tmp_path):
    """A flame graph, a diff with its table and a side-by-side pair, with the theme's own CSS."""
    blocks = [
        render("flamegraph", "file: tsparse-v0.perf.txt\ntitle: Before", content, block_id="p1")[0],
        render("flamegraph-diff", "before: tsparse-v0.perf.txt\nafter: tsparse-v1.perf.txt", content, block_id="p2")[0],
        render("flamegraph-diff", "before: pyspy-before.folded\nafter: pyspy-after.folded\nfallback: side-by-side",
               content, block_id="p3")[0],
    ]
    css = SITE_CSS.read_text() + (STATIC / "flame.css").read_text()
    page = tmp_path / "phone.html"
    page.write_text(
        "<!doctype html><html><head><meta charset='utf-8'><meta name='viewport' content='width=device-width'>"
        f"<style>{css}</style></head><body><main class='prose'>{''.join(blocks)}</main>"
        f"<script>{(STATIC / 'flame.js').read_text()}</script></body></html>",
        encoding="utf-8",
    )
    return page.as_uri()


MEASURE = """() => [...document.querySelectorAll('.pb-flame-scroll')].map(box => {
  const svg = box.querySelector('svg'), scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')].filter(t => t.textContent)
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  const cue = box.querySelector('.pb-flame-cue').getBoundingClientRect();
  return {id: box.closest('figure').id, box: box.clientWidth, drawn: box.scrollWidth,
          overflow: getComputedStyle(box).overflowX, smallest: Math.min(...sizes),
          cue: cue.width > 0 && cue.left >= box.getBoundingClientRect().left};
})"""


def test_at_390_px_graphs_scroll_in_their_box_with_a_cue_and_labels_of_11_px(browser, phone_page):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(phone_page)
    graphs = page.evaluate(MEASURE)
    assert [g["id"] for g in graphs] == ["p1", "p2", "p3-before", "p3-after"]
    for graph in graphs:
        assert graph["smallest"] >= 11, graph
        assert graph["drawn"] > graph["box"] and graph["overflow"] == "auto" and graph["cue"], graph
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself does not scroll
    table = page.locator("#p2 .pb-flame-elided")
    assert table.bounding_box()["x"] + table.bounding_box()["width"] <= 390
    # zoom by touch: a tap zooms the frame to the full width, the reset button undoes it
    target = frame(page, "p1", "parse_line")
    target.locator("rect").scroll_into_view_if_needed()
    target.tap()
    assert target.locator("rect").get_attribute("width") == "1000.0"
    assert hidden_count(page, "p1") > 0
    page.locator("#p1 .pb-flame-reset").tap()
    assert hidden_count(page, "p1") == 0
    context.close()


def test_on_a_wide_screen_the_graph_fits_without_a_cue(browser, phone_page):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(phone_page)
    for graph in page.evaluate(MEASURE):
        assert graph["drawn"] <= graph["box"] and not graph["cue"] and graph["smallest"] >= 11, graph
    context.close()
