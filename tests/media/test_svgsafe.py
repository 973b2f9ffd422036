"""SVG sanitizing: each way an SVG can run script or load from elsewhere, and real tool output kept intact."""

from __future__ import annotations

import io
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from perfblog.media.svgsafe import is_active, sanitize

ROOT = Path(__file__).resolve().parents[2]
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
FIXTURES = sorted((ROOT / "tests" / "fixtures").rglob("*.svg")) + sorted((ROOT / "content").rglob("*.svg"))
FLAME_GRAPH = ROOT / "tests" / "fixtures" / "flame" / "pyspy-wordcount.svg"


def doc(body: str, attributes: str = "") -> bytes:
    return f'<svg xmlns="{SVG}" xmlns:xlink="{XLINK}"{attributes}>{body}</svg>'.encode()


def clean(body: str, attributes: str = "") -> ET.Element:
    """The sanitized document, parsed back; the input must have had something to remove."""
    assert is_active(doc(body, attributes))
    return ET.fromstring(sanitize(doc(body, attributes)))


def svg(tag: str) -> str:
    return f"{{{SVG}}}{tag}"


def local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def only(root: ET.Element, tag: str) -> ET.Element:
    [elem] = root.iter(svg(tag))
    return elem


def test_script_element_is_removed_and_the_text_around_it_kept():
    root = clean('<text>before<script>alert(1)</script>after</text><script href="x.js"/>')
    assert not list(root.iter(svg("script")))
    assert only(root, "text").text == "beforeafter"


def test_onload_on_the_root_is_removed():
    root = clean('<rect width="1"/>', ' onload="alert(1)" width="10"')
    assert root.attrib == {"width": "10"}


def test_onclick_on_a_rect_is_removed():
    assert only(clean('<rect onclick="alert(1)" width="5"/>'), "rect").attrib == {"width": "5"}


def test_event_handlers_are_matched_case_insensitively():
    assert only(clean('<rect ONMOUSEOVER="alert(1)" fill="red"/>'), "rect").attrib == {"fill": "red"}


def test_javascript_href_on_a_link_is_removed_but_the_link_kept():
    link = only(clean('<a href="javascript:alert(1)"><text>hi</text></a>'), "a")
    assert link.attrib == {}
    assert only(link, "text").text == "hi"


def test_javascript_scheme_is_found_through_case_and_control_characters():
    link = only(clean('<a xlink:href=" JaVa&#9;Script:alert(1)" id="x"/>'), "a")
    assert link.attrib == {"id": "x"}


def test_external_href_on_use_is_removed():
    use = only(clean('<use href="https://evil.example/x.svg#a" x="1"/>'), "use")
    assert use.attrib == {"x": "1"}


def test_external_image_is_removed():
    assert only(clean('<image href="http://evil.example/a.png" width="3"/>'), "image").attrib == {"width": "3"}


def test_fragment_and_data_image_hrefs_are_kept():
    body = '<use href=" #a"/><image xlink:href="data:image/png;base64,iVBORw0KGgo="/><image href="data:image/webp,x"/>'
    assert not is_active(doc(body))
    root = ET.fromstring(sanitize(doc(body)))
    assert [image.get(f"{{{XLINK}}}href") or image.get("href") for image in root.iter(svg("image"))] == [
        "data:image/png;base64,iVBORw0KGgo=",
        "data:image/webp,x",
    ]
    assert only(root, "use").get("href") == " #a"


@pytest.mark.parametrize("url", ["data:text/html,<script>alert(1)</script>", "data:image/svg+xml,<svg/>"])
def test_data_urls_other_than_raster_images_are_removed(url):
    assert "href" not in only(clean(f'<image href="{url.replace("<", "&lt;")}"/>'), "image").attrib


def test_foreign_object_and_its_html_are_removed():
    body = '<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></foreignObject>'
    root = clean(body + '<rect/>')
    assert [local(elem.tag) for elem in root.iter()] == ["svg", "rect"]


@pytest.mark.parametrize("tag", ["iframe", "embed", "object", "audio", "video", "handler", "listener"])
def test_embedding_elements_are_removed_in_any_namespace(tag):
    root = clean(f'<{tag} src="https://evil.example"/><x:{tag} xmlns:x="urn:x"/><g/>')
    assert [local(elem.tag) for elem in root.iter()] == ["svg", "g"]


def test_xhtml_elements_are_removed_since_they_load_even_outside_foreign_object():
    root = clean('<h:img xmlns:h="http://www.w3.org/1999/xhtml" src="https://evil.example/track.png"/><g/>')
    assert [local(elem.tag) for elem in root.iter()] == ["svg", "g"]


@pytest.mark.parametrize(
    "animation",
    [
        '<set attributeName="href" to="javascript:alert(1)"/>',
        '<animate attributeName="xlink:href" values="https://evil.example/x.svg#a"/>',
        '<set attributeName="onclick" to="alert(1)"/>',
        '<animateTransform attributeName="ONmouseover"/>',
        '<animateMotion attributeName=" href "/>',
    ],
)
def test_animations_that_write_a_link_or_a_handler_are_removed(animation):
    root = clean(f'<a href="#top">{animation}<animate attributeName="opacity" to="0"/></a>')
    assert [local(elem.tag) for elem in only(root, "a")] == ["animate"]
    assert only(root, "animate").get("attributeName") == "opacity"


def test_style_element_loses_imports_and_external_urls():
    css = (
        "@import url(http://x/a.css);\n@IMPORT 'http://x/b.css';\n"
        "rect { background:url(http://x/c.png); fill: url( '#grad' ) }\n"
        'text { cursor: URL("https://x/d.cur"), auto; mask: url(#m) }'
    )
    style = only(clean(f"<style><![CDATA[{css}]]></style>"), "style")
    assert style.text == (
        "\n\nrect { background:none; fill: url( '#grad' ) }\n"
        "text { cursor: none, auto; mask: url(#m) }"
    )


def test_style_element_text_split_by_a_child_element_is_cleaned_as_one():
    style = only(clean('<style>@im<g/>port "http://x/a.css";</style>'), "style")
    assert list(style) == []
    assert not style.text


def test_css_escapes_cannot_hide_a_url():
    assert only(clean(r'<rect style="fill:u\72l(http://x/p.svg#p)"/>'), "rect").get("style") == ""


def test_image_set_strings_are_removed():
    style = only(clean('<rect style="background-image: image-set(\'http://x/a.png\' 1x); fill: red"/>'), "rect")
    assert style.get("style") == "background-image: none; fill: red"


def test_style_attribute_url_is_replaced_with_none():
    rect = only(clean('<rect style="fill:blue;background:url(http://evil.example/a.png)"/>'), "rect")
    assert rect.get("style") == "fill:blue;background:none"


def test_presentation_attribute_url_is_replaced_but_a_fragment_kept():
    root = clean('<rect fill="url(http://evil.example/p.svg#p)" stroke="url(#grad)"/>')
    assert only(root, "rect").attrib == {"fill": "none", "stroke": "url(#grad)"}


def test_xml_base_is_removed():
    root = clean('<rect fill="url(#p)"/>', ' xml:base="https://evil.example/"')
    assert root.attrib == {}


def test_xml_stylesheet_processing_instruction_is_dropped():
    data = b'<?xml version="1.0"?>\n<?xml-stylesheet type="text/css" href="http://evil.example/a.css"?>\n' + doc(
        "<?xml-stylesheet href='b.css'?><rect/>"
    )
    assert is_active(data)
    out = sanitize(data)
    assert b"xml-stylesheet" not in out
    events = [event for event, _ in ET.iterparse(io.BytesIO(out), events=("start", "pi"))]
    assert events == ["start", "start"]


def test_output_is_utf8_with_the_usual_prefixes_and_other_namespaces_kept():
    data = doc(
        '<g inkscape:label="Lé" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape">'
        '<title>t</title><desc>d</desc><a xlink:href="#g"/></g><!-- note -->'
    )
    out = sanitize(data)
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert b"<svg " in out and b"xlink:href=" in out and b"ns0:" not in out
    assert "Lé".encode() in out
    root = ET.fromstring(out)
    assert only(root, "g").get("{http://www.inkscape.org/namespaces/inkscape}label") == "Lé"
    assert [local(elem.tag) for elem in root.iter()] == ["svg", "g", "title", "desc", "a"]
    assert not is_active(data)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_tool_made_svgs_keep_their_drawing(path):
    data = path.read_bytes()
    original, once = ET.fromstring(data), sanitize(data)
    before = [elem for elem in original.iter() if local(elem.tag) != "script"]
    after = list(ET.fromstring(once).iter())
    assert [elem.tag for elem in after] == [elem.tag for elem in before]
    for old, new in zip(before, after):
        handlers = {key for key in old.attrib if local(key).lower().startswith("on")}
        assert new.attrib == {key: value for key, value in old.attrib.items() if key not in handlers}
        assert new.text == old.text
    counts_before, counts_after = (Counter(local(elem.tag) for elem in tree.iter()) for tree in (original, after[0]))
    for tag in ("rect", "text", "path", "g"):
        assert counts_after[tag] == counts_before[tag]
    assert "script" not in counts_after
    assert not any(local(key).lower().startswith("on") for elem in after for key in elem.attrib)
    assert sanitize(once) == once
    assert not is_active(once)


def test_the_flame_graph_fixture_really_has_script_to_remove():
    assert FLAME_GRAPH in FIXTURES
    original = ET.fromstring(FLAME_GRAPH.read_bytes())
    assert list(original.iter(svg("script"))) and original.get("onload")
    assert len(list(original.iter(svg("rect")))) > 10
    assert is_active(FLAME_GRAPH.read_bytes())


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"this is not XML", "not well-formed XML"),
        (b"", "not well-formed XML"),
        (doc("<rect>")[:-6], "not well-formed XML"),
        (b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "root element is <html>"),
        (b"<svg><rect/></svg>", "not in the SVG namespace"),
    ],
)
def test_input_that_is_not_an_svg_image_is_refused(data, reason):
    with pytest.raises(ValueError, match="not an SVG image") as error:
        sanitize(data)
    assert reason in str(error.value)
    with pytest.raises(ValueError, match="not an SVG image"):
        is_active(data)


def test_billion_laughs_is_refused_quickly():
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
    )
    data = f'<?xml version="1.0"?><!DOCTYPE svg [{entities}]><svg xmlns="{SVG}"><text>&lol9;</text></svg>'
    start = time.monotonic()
    with pytest.raises(ValueError, match="not an SVG image"):
        sanitize(data.encode())
    assert time.monotonic() - start < 2


def test_external_entities_are_never_resolved():
    data = f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="{SVG}"><text>&x;</text></svg>'
    with pytest.raises(ValueError, match="not an SVG image"):
        sanitize(data.encode())


def test_nesting_too_deep_to_serialize_is_a_value_error():
    with pytest.raises(ValueError, match="nested too deeply"):
        sanitize(doc("<g>" * 5000 + "</g>" * 5000))
