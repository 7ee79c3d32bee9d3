"""PDF rendering with WeasyPrint: Indonesian, offline, from our own templates.

Documents are rendered `with translation.override("id")` whatever the requesting
user's language (an official letter is in Bahasa Indonesia), and the URL fetcher
refuses everything but inline `data:` URIs and files inside the static folders:
rendering never touches the network or arbitrary files.
"""

import functools
import logging
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

# WeasyPrint reports each rendering step at INFO; our logs only need its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class ResourceRefused(ValueError):
    pass


def static_roots():
    roots = [Path(p) for p in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


@functools.cache
def _fetcher_class():
    # WeasyPrint is imported on first use: web processes that never render start faster.
    from weasyprint import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Serve `data:` URIs and files under the static folders; refuse all else."""

        def __init__(self):
            super().__init__(allowed_protocols=("data", "file"), fail_on_errors=False)
            self._roots = static_roots()

        def fetch(self, url, headers=None):
            if not is_allowed(url, self._roots):
                raise ResourceRefused(f"resource refused while rendering a PDF: {url[:100]}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher


def is_allowed(url, roots=None):
    """`data:` URIs, and `file:` URLs of existing files inside the static folders."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "data":
        return True
    if scheme != "file":
        return False
    path = Path(unquote(urlsplit(url).path)).resolve()
    roots = static_roots() if roots is None else roots
    return path.is_file() and any(path.is_relative_to(root) for root in roots)


def local_only_fetcher():
    return _fetcher_class()()


def base_url():
    """Relative URLs in PDF templates (`css/letter.css`, `img/x.png`) resolve in static/."""
    return static_roots()[0].as_uri() + "/"


# What does not change between documents is made once per process (per thread for the
# font configuration, which holds Pango state): parsing a letter's CSS and loading the
# fonts' configuration was a third of each letter's render.
_local = threading.local()
# Decoded images by URL (a Dinas's logo as a data: URI), for renders given no cache.
_images = {}
IMAGES_KEPT = 64


def font_config():
    if not hasattr(_local, "fonts"):
        from weasyprint.text.fonts import FontConfiguration

        _local.fonts = FontConfiguration()
    return _local.fonts


@functools.cache
def stylesheet(template_name):
    """The CSS file `template_name` (under templates/, static text) parsed once."""
    from weasyprint import CSS

    return CSS(
        string=render_to_string(template_name),
        base_url=base_url(),
        url_fetcher=local_only_fetcher(),
        font_config=font_config(),
    )


def render_document(template_name, context, *, language="id", cache=None, stylesheets=()):
    """Lay out `template_name` with `context`: a WeasyPrint Document (pages known).
    `stylesheets`: CSS templates applied after the document's own <style>, parsed once."""
    with translation.override(language):
        html = render_to_string(template_name, context)
    from weasyprint import HTML

    if cache is None:
        if len(_images) > IMAGES_KEPT:
            _images.clear()
        cache = _images
    document = HTML(string=html, base_url=base_url(), url_fetcher=local_only_fetcher())
    return document.render(
        cache=cache,
        font_config=font_config(),
        stylesheets=[stylesheet(name) for name in stylesheets],
    )


def render_pdf(template_name, context, *, language="id", cache=None):
    """Render `template_name` with `context` to PDF bytes (the title comes from <title>).

    `cache`: a dict shared across renders of a batch, so images (a logo) decode once.
    """
    return render_document(template_name, context, language=language, cache=cache).write_pdf()


NBSP = "\u00a0"


def no_widow(text, words=2):
    """Join the last `words` words with no-break spaces, so a wrapped line never leaves
    one word alone ("…Kabupaten / Serang,"): a signatory's title wraps in the narrow
    signature column. Short texts (up to `words` + 1 words) are left as they are."""
    parts = (text or "").split()
    if len(parts) <= words + 1:
        return " ".join(parts)
    return " ".join(parts[:-words]) + " " + NBSP.join(parts[-words:])
