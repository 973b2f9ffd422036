"""Image dimensions from file headers, with the standard library only.

The compare block needs width and height to reserve space (no layout shift)
and to know whether two images share an aspect ratio. Reading a few header
bytes is all that takes; Pillow would be a large dependency for it.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from xml.etree.ElementTree import ParseError, iterparse

#: An SVG root element after the XML declaration, comments and a doctype, at the start of a file.
SVG_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]", re.S)
LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$")
SOF = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # JPEG start-of-frame markers


def image_kind(path: Path) -> str | None:
    """'png', 'gif', 'webp', 'jpeg' or 'svg' from the file's first bytes (never its name), else None."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:3] == b"\xff\xd8\xff":
        return "jpeg"
    return "svg" if SVG_START.search(head.lstrip(b"\xef\xbb\xbf")) else None


def image_size(path: Path) -> tuple[float, float] | None:
    """(width, height) in CSS pixels, or None when the format or header is not understood."""
    try:
        size = header_size(path)
    except struct.error:  # a header cut short
        return None
    return size if size and all(size) else None


def header_size(path: Path) -> tuple[float, float] | None:
    with open(path, "rb") as handle:
        head = handle.read(32)
        if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
            return struct.unpack(">II", head[16:24])
        if head[:6] in (b"GIF87a", b"GIF89a"):
            return struct.unpack("<HH", head[6:10])
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return webp_size(head)
        if head[:2] == b"\xff\xd8":
            handle.seek(2)
            return jpeg_size(handle)
    if image_kind(path) == "svg":
        return svg_size(path)
    return None


def webp_size(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    return None


def jpeg_size(handle) -> tuple[int, int] | None:
    """Walk the JPEG segments to the first start-of-frame, which holds the size."""
    while True:
        marker = handle.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        if marker[1] in (0xD8, 0x01) or 0xD0 <= marker[1] <= 0xD7:
            continue  # markers without a length
        length = handle.read(2)
        if len(length) < 2:
            return None
        size = struct.unpack(">H", length)[0]
        if marker[1] in SOF:
            data = handle.read(5)
            return (struct.unpack(">H", data[3:5])[0], struct.unpack(">H", data[1:3])[0]) if len(data) == 5 else None
        handle.seek(size - 2, 1)


def svg_size(path: Path) -> tuple[float, float] | None:
    """From the root's width/height in px, else from its viewBox; only the root is read."""
    try:
        with open(path, "rb") as handle:
            _, root = next(iterparse(handle, events=("start",)))
    except (ParseError, StopIteration):
        return None
    sizes = [LENGTH.match(root.get(name, "")) for name in ("width", "height")]
    if all(sizes):
        return float(sizes[0][1]), float(sizes[1][1])
    box = root.get("viewBox", "").replace(",", " ").split()
    try:
        return (float(box[2]), float(box[3])) if len(box) == 4 else None
    except ValueError:
        return None
