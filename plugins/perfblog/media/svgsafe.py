"""Strip active content from SVG files before they are published.

An SVG opened directly (a top-level document on the site's origin) can run script and
load other resources, with the site's cookies and storage. Tools such as inferno and
FlameGraph embed script on purpose, so every published SVG goes through ``sanitize``:
it keeps the drawing and drops whatever could run or fetch. The standard library's
expat (2.4 and later) refuses billion-laughs entity expansion, and ElementTree never
resolves external entities, so parsing untrusted bytes is safe; errors become ValueError.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XHTML = "http://www.w3.org/1999/xhtml"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

#: Elements that run script or embed other documents, by lower-case local name in any namespace.
ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video", "handler", "listener"}
#: Images that an href may embed: they load nothing and run nothing.
SAFE_DATA_URL = re.compile(r"data:image/(?:png|jpeg|gif|webp)[;,]")
C0_AND_SPACE = "".join(map(chr, range(0x21))) + "\x7f"
WITHOUT_C0_AND_SPACE = str.maketrans("", "", C0_AND_SPACE)  # so that "java\tscript:" is seen as javascript:

CSS_IMPORT = re.compile(r"""@import\b(?:"[^"]*"|'[^']*'|[^;"'])*;?""", re.I)
CSS_URL = re.compile(r"""url\(\s*("[^"]*"?|'[^']*'?|[^)]*)\s*\)?""", re.I)
#: image-set() loads plain strings as URLs, without url(); one level of nested calls such as type().
CSS_IMAGE_SET = re.compile(r"[\w-]*image-set\((?:[^()]|\([^()]*\))*\)?", re.I)
CSS_ESCAPE = re.compile(r"\\(?:([0-9a-f]{1,6})\s?|(.))", re.I | re.S)


def sanitize(data: bytes) -> bytes:
    """The SVG re-serialized as UTF-8 without script, event handlers, external references or embedded documents.

    Raises ValueError("not an SVG image: ...") when ``data`` is not well-formed XML with an SVG root.
    """
    return _sanitize(data)[0]


def is_active(data: bytes) -> bool:
    """True when ``sanitize`` would remove or rewrite something (comments aside): worth a warning to the author."""
    return _sanitize(data)[1] > 0


def _sanitize(data: bytes) -> tuple[bytes, int]:
    """The sanitized bytes and how many things were removed or rewritten."""
    # A pull parser reports processing instructions even outside the root (<?xml-stylesheet?>), and
    # its tree builder drops them and comments; the count keeps is_active honest about them.
    parser = ET.XMLPullParser(events=("start", "pi"))
    try:
        parser.feed(data)
        parser.close()
        events = list(parser.read_events())
    except ET.ParseError as error:
        raise ValueError(f"not an SVG image: not well-formed XML ({error})") from None
    root = next(elem for event, elem in events if event == "start")
    if root.tag != f"{{{SVG}}}svg":
        if _local(root.tag) == "svg":
            reason = f'<svg> is not in the SVG namespace (xmlns="{SVG}"), so browsers would not draw it'
            raise ValueError(f"not an SVG image: {reason}")
        raise ValueError(f"not an SVG image: the root element is <{_local(root.tag)}>, not <svg>")
    changes = sum(event == "pi" for event, _ in events) + _clean_tree(root)
    # ElementTree's prefix registry is global to the process: after this, any ElementTree output
    # writes SVG as the default namespace. Registering at each call wins over later registrations by others.
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    try:
        text = ET.tostring(root, encoding="unicode")
    except RecursionError:  # ElementTree's serializer recurses once per level of nesting
        raise ValueError("not an SVG image: elements nested too deeply") from None
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode("utf-8"), changes


def _clean_tree(root: ET.Element) -> int:
    """Clean ``root`` and its descendants in place (without recursion); return the number of changes."""
    changes = 0
    stack = [root]
    while stack:
        elem = stack.pop()
        changes += _clean_attributes(elem)
        if _local(elem.tag).lower() == "style":
            changes += _clean_style_element(elem)
        previous = None
        for child in list(elem):
            if _is_active_element(child):
                _remove(elem, child, previous)
                changes += 1
            else:
                previous = child
                stack.append(child)
    return changes


def _is_active_element(elem: ET.Element) -> bool:
    if _local(elem.tag).lower() in ACTIVE_ELEMENTS or elem.tag.startswith(f"{{{XHTML}}}"):
        return True  # XHTML elements outside foreignObject still load (img, link) and run (script)
    target = elem.get("attributeName", "").strip().rsplit(":", 1)[-1].lower()
    return target == "href" or target.startswith("on")  # <set>/<animate> writing a link or a handler


def _remove(parent: ET.Element, child: ET.Element, previous: ET.Element | None) -> None:
    """Remove ``child`` but keep the text that follows it, which belongs to ``parent``."""
    parent.remove(child)
    if child.tail and previous is None:
        parent.text = (parent.text or "") + child.tail
    elif child.tail:
        previous.tail = (previous.tail or "") + child.tail


def _clean_attributes(elem: ET.Element) -> int:
    changes = 0
    for name, value in list(elem.attrib.items()):
        local = _local(name).lower()
        if (
            local.startswith("on")
            or name == XML_BASE  # would turn url(#a) into a link to another site
            or name.startswith(f"{{{SVG}}}")  # meaningless, and would be written unprefixed, maybe twice
            or "javascript:" in value.translate(WITHOUT_C0_AND_SPACE).lower()
            or (local == "href" and not _safe_href(value))
        ):
            del elem.attrib[name]
            changes += 1
        elif (clean := _clean_css(value)) != value:  # fill="url(...)", cursor, mask... load like CSS
            elem.set(name, clean)
            changes += 1
    return changes


def _safe_href(value: str) -> bool:
    value = value.strip(C0_AND_SPACE).lower()
    return value.startswith("#") or SAFE_DATA_URL.match(value) is not None


def _clean_style_element(elem: ET.Element) -> int:
    """Clean the CSS of a <style>: its own text and the text between its children, which browsers join."""
    css = (elem.text or "") + "".join(child.tail or "" for child in elem)
    changes = len(elem)
    elem[:] = []  # child elements of a <style> draw nothing
    elem.text = _clean_css(css)
    return changes + (elem.text != css)


def _clean_css(css: str) -> str:
    """``css`` without @import and with ``none`` for url() that leave the document; all of it if escapes hide more."""
    css = _strip_css(css)
    plain = CSS_ESCAPE.sub(_unescape, css)  # u\72l( is url( to a CSS parser
    return css if _strip_css(plain) == plain else ""


def _strip_css(css: str) -> str:
    css = CSS_IMPORT.sub("", css)
    css = CSS_URL.sub(lambda m: m[0] if m[1].strip(" \t\r\n\f\"'").startswith("#") else "none", css)
    return CSS_IMAGE_SET.sub("none", css)


def _unescape(match: re.Match[str]) -> str:
    if match[1] is None:
        return match[2]
    code = int(match[1], 16)
    return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]
