"""The theme's code colours: generated from Pygments, WCAG AA in light and dark."""

import re

import pytest

from perfblog.glue.codecss import DARK_STYLE, LIGHT_STYLE, contrast, stylesheet, worst_contrast
from sitebuild import ROOT

CODE_CSS = ROOT / "theme" / "static" / "css" / "code.css"


def test_committed_code_css_is_what_make_code_css_generates():
    assert CODE_CSS.read_text() == stylesheet()


@pytest.mark.parametrize("style", [LIGHT_STYLE, DARK_STYLE])
def test_every_token_colour_passes_wcag_aa_on_its_background(style):
    ratio, token = worst_contrast(style)
    assert ratio >= 4.5, f"{style}: {token} has contrast {ratio:.2f}:1"


def test_dark_style_applies_only_in_dark_mode():
    css = CODE_CSS.read_text()
    light, dark = css.split("@media (prefers-color-scheme: dark)")
    background = re.compile(r"\.highlight \{ background: (#[0-9a-fA-F]{6})")
    assert background.search(light)[1].lower() == "#ffffff"
    assert background.search(dark)[1].lower() == "#272822"


def test_contrast_formula_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
