"""Social cards: a PNG per post for og:image, drawn without a browser, cached across builds."""

from __future__ import annotations

from perfblog.glue import socialcards
from perfblog.media.images import image_kind, image_size
from sitebuild import ROOT, build_site


def build(tmp_path, name: str):
    site = build_site(ROOT / "publishconf.py", tmp_path / name, env={"SITEURL": "https://x.example/blog"},
                      overrides={"CACHE_PATH": str(tmp_path / "cache"), "PERFBLOG_SEARCH": False})
    assert site.error is None, site.problems()
    return site


def card_of(site, page: str):
    soup = site.html(page)
    url = soup.find("meta", property="og:image")["content"]
    assert url.startswith("https://x.example/blog/perfblog/cards/") and url.endswith(".png")
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    return site.output / url.removeprefix("https://x.example/blog/")


def test_each_post_has_its_own_card_and_other_pages_the_sites(tmp_path, monkeypatch):
    site = build(tmp_path, "first")
    post, index = card_of(site, "posts/counting-words-faster/index.html"), card_of(site, "index.html")
    assert post != index
    for card in (post, index):
        assert image_kind(card) == "png" and image_size(card) == (1200, 630)

    def refuse(*args):
        raise AssertionError("an unchanged card was drawn again")

    monkeypatch.setattr(socialcards, "draw", refuse)
    again = build(tmp_path, "second")  # a new, empty output folder: the cards come from the cache
    assert card_of(again, "posts/counting-words-faster/index.html").read_bytes() == post.read_bytes()


def test_the_card_spells_out_what_the_font_cannot_draw(tmp_path):
    card = tmp_path / "c.png"
    socialcards.draw(card, "perfblog", "Counting words 1.56× faster", "1.56× faster (−35.8%)")
    assert image_size(card) == (1200, 630)
    assert "1.56× faster (−35.8%)".translate(socialcards.PLAIN) == "1.56x faster (-35.8%)"
