"""Headers that keep the pages from loading or framing anything foreign."""


def test_pages_carry_a_strict_content_security_policy(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "https:" not in policy  # nothing is loaded from elsewhere (no CDN)


def test_pages_are_gzipped_for_browsers_that_ask_but_downloads_pass_untouched(client, db):
    page = client.get("/direktori/", headers={"Accept-Encoding": "gzip, br"})
    assert page["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page["Vary"]
    plain = client.get("/direktori/")
    assert not plain.has_header("Content-Encoding")

    favicon = client.get("/favicon.ico", headers={"Accept-Encoding": "gzip"})
    favicon.close()
    assert favicon.get("Content-Encoding") != "gzip"
