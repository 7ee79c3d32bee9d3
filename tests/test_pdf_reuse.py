"""What does not change between letters is prepared once per process, not per letter."""

import pytest
from django.template.loader import get_template, render_to_string

from kimportal.core import pdf
from registry.letter_pdf import LETTER_CSS, LETTER_TEMPLATE


def test_the_letter_carries_no_stylesheet_to_parse_each_time():
    for name in (LETTER_TEMPLATE, "pdf/_letterhead.html", "pdf/_signature.html"):
        assert "<style" not in get_template(name).template.source


@pytest.mark.slow  # parses CSS with WeasyPrint
def test_stylesheets_and_fonts_are_made_once():
    sheets = [pdf.stylesheet(name) for name in LETTER_CSS]
    assert [pdf.stylesheet(name) for name in LETTER_CSS] == sheets  # the same parsed objects
    assert pdf.font_config() is pdf.font_config()


def test_other_documents_still_style_their_letterhead():
    css = render_to_string("pdf/_letterhead_style.html")
    assert css.startswith("<style>")
    assert ".kop .logo" in css
