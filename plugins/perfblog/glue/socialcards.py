"""Social cards: a 1200×630 PNG per post (title, headline number, site name) for ``og:image``.

Drawn at build time with Pillow and the font Pillow carries (no browser, no font
to install). A card is named by a digest of everything drawn on it and kept in
``CACHE_PATH``, so an unchanged post is never drawn again, even though the
production build empties ``output/`` first; the site gets one card of its own
for every other page.
"""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path


SIZE = (1200, 630)
INK, MUTED, ACCENT, GOOD, PAPER = "#1b1f24", "#57606a", "#0550ae", "#1a7f37", "#ffffff"  # the theme's light palette
VERSION = "2"  # bump when the drawing changes: every card is drawn again
#: Pillow's own font has no glyph for these: draw the plain-text spelling a reader would type.
PLAIN = str.maketrans({"×": "x", "−": "-", "–": "-", "—": "-", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"',
                       "µ": "u", "→": "->", "←": "<-"})
FOLDER = "cards"


def card_name(site: str, title: str, headline: str | None) -> str:
    digest = hashlib.blake2b("\0".join((VERSION, site, title, headline or "")).encode(), digest_size=12)
    return f"{digest.hexdigest()}.png"


def draw(path: Path, site: str, title: str, headline: str | None) -> None:
    """The card: site name, the title wrapped to three lines, the headline result large and green."""
    from PIL import Image, ImageDraw, ImageFont  # only production builds draw cards

    site, title, headline = site.translate(PLAIN), title.translate(PLAIN), headline and headline.translate(PLAIN)
    image = Image.new("RGB", SIZE, PAPER)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, SIZE[0], 16), fill=ACCENT)
    pen.text((72, 64), site, font=ImageFont.load_default(size=40), fill=MUTED)
    lines = textwrap.wrap(title, width=30 if headline else 26)[:3]
    font = ImageFont.load_default(size=64 if headline else 72)
    for number, line in enumerate(lines):
        pen.text((72, 150 + number * 84), line, font=font, fill=INK)
    if headline:
        pen.text((72, 450), headline, font=ImageFont.load_default(size=72), fill=GOOD)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    image.save(partial, format="PNG", compress_level=6)
    partial.replace(path)


class Cards:
    """The cards a build needs: named while posts are processed, drawn (or copied) at the end."""

    def __init__(self):
        self.wanted: dict[str, tuple[str, str, str | None]] = {}

    def url_for(self, settings, title: str, headline: str | None) -> str:
        """The card's path below the site root, e.g. ``perfblog/cards/<digest>.png``."""
        name = card_name(settings["SITENAME"], title, headline)
        self.wanted[name] = (settings["SITENAME"], title, headline)
        return f"{settings['PERFBLOG_ASSETS_DIR']}/{FOLDER}/{name}"

    def write(self, settings, output: Path) -> None:
        cache = Path(settings["CACHE_PATH"]) / "perfblog-cards"
        target = output / settings["PERFBLOG_ASSETS_DIR"] / FOLDER
        target.mkdir(parents=True, exist_ok=True)
        for name, (site, title, headline) in self.wanted.items():
            kept = cache / name
            if not kept.exists():
                draw(kept, site, title, headline)
            shutil.copyfile(kept, target / name)
        self.wanted = {}
