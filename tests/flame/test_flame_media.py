"""Image sizes, the before/after pair block and external flame graph SVGs."""

from __future__ import annotations

import struct
import zlib

import pytest
from bs4 import BeautifulSoup

from flamehelp import FIXTURES, render
from perfblog.blocks import PerfblogError
from perfblog.media.images import image_size


def png(width: int, height: int) -> bytes:
    """A valid, tiny, grey PNG: enough for header readers and for browsers."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


JPEG = (  # SOI, an APP0 segment to skip, then SOF0 with height 480 and width 640
    b"\xff\xd8" + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\xff\xc0\x00\x11\x08\x01\xe0\x02\x80\x03" + b"\x00" * 9
)


@pytest.mark.parametrize(
    "name, data, size",
    [
        ("a.png", png(40, 30), (40, 30)),
        ("a.gif", b"GIF89a" + struct.pack("<HH", 321, 123) + b"\x00" * 20, (321, 123)),
        ("a.jpg", JPEG, (640, 480)),
        ("a.webp", b"RIFF\x00\x00\x00\x00WEBPVP8X" + b"\x00" * 8 + (799).to_bytes(3, "little") + (599).to_bytes(3, "little"), (800, 600)),
        ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="300px" height="150"/>', (300, 150)),
        ("b.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0,0,640,360"/>', (640, 360)),
        ("c.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
        ("d.svg", b"not xml at all", None),
        ("a.bmp", b"BM" + b"\x00" * 40, None),
        ("cut.png", png(4, 4)[:20], None),
        ("cut.jpg", JPEG[:26], None),
        ("zero.png", png(1, 1)[:16] + struct.pack(">II", 0, 10) + png(1, 1)[24:], None),
    ],
)
def test_image_sizes(tmp_path, name, data, size):
    path = tmp_path / name
    path.write_bytes(data)
    assert image_size(path) == size


def test_real_pyspy_svg_size():
    assert image_size(FIXTURES / "pyspy-wordcount.svg") == (1200, 170)


@pytest.fixture
def pair(content):
    (content / "shots").mkdir()
    (content / "shots" / "before.png").write_bytes(png(400, 200))
    (content / "shots" / "after.png").write_bytes(png(800, 400))
    (content / "shots" / "tall.png").write_bytes(png(200, 400))
    return content


COMPARE = """\
before: shots/before.png
after: shots/after.png
before-alt: Flame graph dominated by strcmp
after-alt: Flame graph where hashing dominates
after-label: After (hash table)
caption: The linear search is gone.
"""


def test_compare_pair_with_slider(pair):
    html, ctx = render("compare", COMPARE, pair, block_id="c7")
    soup = BeautifulSoup(html, "html.parser")
    images = soup.find_all("img")
    assert [i["src"] for i in images] == ["{attach}shots/before.png", "{attach}shots/after.png"]
    assert [a["href"] for a in soup.find_all("a")] == ["{attach}shots/before.png", "{attach}shots/after.png"]
    assert [i["alt"] for i in images] == ["Flame graph dominated by strcmp", "Flame graph where hashing dominates"]
    assert (images[0]["width"], images[0]["height"]) == ("400", "200")
    labels = [c.text for c in soup.select(".pb-compare-item figcaption")]
    assert labels == ["Before", "After (hash table)"]
    slider = soup.find("input", type="range")
    assert slider and slider.find_parent("label")  # same shape: a labelled range
    assert soup.find("button", type="button")
    assert soup.figure["id"] == "c7" and "The linear search is gone." in soup.find_all("figcaption")[-1].text
    assert ctx.assets == {"compare.js", "compare.css"}


def test_compare_without_slider_when_shapes_differ(pair):
    html, _ = render("compare", COMPARE.replace("shots/after.png", "shots/tall.png"), pair)
    assert "type=\"range\"" not in html and "pb-compare-pair" in html


@pytest.mark.parametrize("missing", ["before-alt", "after-alt"])
def test_compare_requires_alt_text(pair, missing):
    body = "\n".join(line for line in COMPARE.splitlines() if not line.startswith(missing))
    with pytest.raises(PerfblogError) as caught:
        render("compare", body, pair, fence_line=5)
    assert caught.value.key == missing and caught.value.line == 5
    assert missing in caught.value.message


def test_compare_blank_alt_is_missing(pair):
    with pytest.raises(PerfblogError, match="after-alt"):
        render("compare", COMPARE.replace("after-alt: Flame graph where hashing dominates", "after-alt:"), pair)


def test_external_svg_is_never_inlined(content):
    body = "file: pyspy-wordcount.svg\nalt: py-spy flame graph of the word counter\ncaption: As py-spy drew it."
    html, ctx = render("flamegraph-svg", body, content, block_id="x2")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find("svg") and not soup.find("script") and not soup.find("object")
    img, frame = soup.find("img"), soup.find("iframe")
    assert img["src"] == "{attach}pyspy-wordcount.svg"  # sanitized when published
    # the tool's own script runs only from a data: URL inside the sandbox: no URL of the site serves it
    assert frame["data-src"].startswith("data:image/svg+xml;base64,")  # media.js sets it as src on open
    assert img["alt"] == "py-spy flame graph of the word counter"
    assert (img["width"], img["height"]) == ("1200", "170")
    assert frame["sandbox"] == ["allow-scripts"]  # scripts run, but in an opaque origin
    assert frame.find_parent("details")
    (notice,) = ctx.notices
    assert notice.name == "local-paths" and "pyspy-wordcount.svg" in notice.message and "/home/demo" in notice.message
    assert ctx.assets == {"flame.css", "media.js"}


def test_external_svg_without_local_paths_is_quiet(content):
    (content / "clean.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="100"><text>py-spy record -- python app.py</text></svg>'
    )
    html, ctx = render("flamegraph-svg", "file: clean.svg\nalt: A flame graph", content)
    assert not ctx.notices


@pytest.mark.parametrize(
    "body, key",
    [
        ("file: pyspy-wordcount.svg", "alt"),
        ("file: pyspy-before.folded\nalt: x", "file"),
    ],
)
def test_external_svg_errors(content, body, key):
    with pytest.raises(PerfblogError) as caught:
        render("flamegraph-svg", body, content)
    assert caught.value.key == key
