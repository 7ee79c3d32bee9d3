"""Indonesian by default; English only when chosen."""


def test_pages_are_indonesian_even_when_the_browser_asks_for_english(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "id"
    assert '<html lang="id">' in response.content.decode()


def test_the_switcher_choice_wins(client, db):
    client.post("/bahasa/", {"language": "en", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="id")
    assert response["Content-Language"] == "en"
