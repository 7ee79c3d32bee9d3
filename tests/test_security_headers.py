"""Headers that keep the pages from loading or framing anything foreign."""


def test_pages_carry_a_strict_content_security_policy(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "https:" not in policy  # nothing is loaded from elsewhere (no CDN)
