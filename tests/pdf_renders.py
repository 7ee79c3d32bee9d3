"""Counting real WeasyPrint renders, so that tests which render are marked `slow`."""

import contextlib

import pytest

from kimportal.core import pdf


@contextlib.contextmanager
def counting_pdf_renders():
    """Yields a list that gets one item per document WeasyPrint lays out meanwhile.

    `pdf.render_document` lays out every PDF the portal makes, and it is the only caller
    of `pdf.base_url`; callers import `render_document` by name, so that call is the one
    place to count at. tests/test_markers.py checks that a letter is counted.
    """
    renders = []
    base_url = pdf.base_url

    def counted():
        renders.append(1)
        return base_url()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "base_url", counted)
        yield renders
