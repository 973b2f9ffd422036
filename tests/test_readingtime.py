"""Reading time from rendered HTML: prose, code, figures, and the override."""

import pytest

from perfblog.glue.readingtime import ReadingRates, estimate, from_metadata, image_seconds


def words(n, word="word"):
    return " ".join([word] * n)


def test_prose_counts_at_238_words_per_minute():
    result = estimate(f"<p>{words(476)}</p>")
    assert result.prose_words == 476
    assert result.seconds == pytest.approx(120.0)
    assert result.minutes == 2
    assert result.label == "2 min read"


def test_code_counts_at_the_slower_code_rate():
    result = estimate(f"<pre><code>{words(240, 'x=1;')}</code></pre>")
    assert (result.prose_words, result.code_words) == (0, 240)
    assert result.seconds == pytest.approx(120.0)


def test_highlighted_code_inside_spans_still_counts_as_code():
    html = '<div class="highlight"><pre><span></span><span class="k">fn</span> <span class="nf">ma</span><span>in</span>() {}</pre></div>'
    result = estimate(html)
    assert result.code_words == 2 and result.prose_words == 0  # fn, main(); a lone {} is no word


def test_images_follow_mediums_decreasing_scale():
    assert image_seconds(1) == 12
    assert image_seconds(2) == 12 + 11
    assert image_seconds(10) == sum(range(3, 13))
    assert image_seconds(12) == sum(range(3, 13)) + 3 + 3
    html = '<p><img src="a.png" alt="a"></p><figure><img src="b.png" alt="b"/></figure>'
    assert estimate(html).images == 2
    assert estimate(html).seconds == pytest.approx(23)


def test_inline_svg_is_one_figure_and_its_text_is_not_read():
    svg = "<svg><title>flame</title>" + "".join(f"<text>frame{i}</text>" for i in range(500)) + "</svg>"
    result = estimate(f"<p>{words(10)}</p>{svg}")
    assert result.prose_words == 10
    assert result.images == 1


def test_scripts_and_styles_are_not_read():
    result = estimate(f"<style>{words(300)}</style><script>{words(300)}</script><p>one two</p>")
    assert result.prose_words == 2


def test_entities_and_punctuation_do_not_inflate_the_count():
    assert estimate("<p>fast &amp; correct — 3.5× faster, isn't it?</p>").prose_words == 6


def test_never_less_than_one_minute():
    assert estimate("<p>hi</p>").minutes == 1


def test_rates_are_configurable():
    assert estimate(f"<p>{words(100)}</p>", ReadingRates(prose_wpm=100)).seconds == pytest.approx(60)


def test_metadata_override():
    assert from_metadata("7").minutes == 7
    assert from_metadata(None) is None
    with pytest.raises(ValueError):
        from_metadata("soon")
    with pytest.raises(ValueError):
        from_metadata("0")


def test_tree_drawing_and_lone_punctuation_in_code_are_not_words():
    tree = "<pre>main (100%)\n│   ├── hot (45%)\n│   └── cold (5%)\n}\n</pre>"
    assert estimate(tree).code_words == 6  # main, (100%), hot, (45%), cold, (5%)


def test_markup_is_told_from_text_as_html_parser_tells_it():
    html = ('<p title="a > b">one<!-- <pre>not code</pre> --> two</p><script>if (a<b) { "<pre>" }</script>'
            '<p>sp<b>lit</b> &amp; <IMG SRC="x.png"/></p><pre><code><span>fo</span>o bar</code></pre>')
    result = estimate(html)
    assert (result.prose_words, result.code_words, result.images) == (4, 2, 1)  # one two sp lit; foo bar
