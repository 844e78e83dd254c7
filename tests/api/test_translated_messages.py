"""API error messages are written in the language the client asks for (Accept-Language)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "message", "field"),
    [
        ("en", "Invalid parameters.", "Unknown territory 'atlantis'."),
        ("fr", "Paramètres invalides.", "Territoire inconnu : 'atlantis'."),
        ("it", "Parametri non validi.", "Territorio sconosciuto: 'atlantis'."),
        ("de", "Ungültige Parameter.", "Unbekanntes Gebiet: 'atlantis'."),
    ],
)
def test_invalid_parameters_in_each_language(client, grand_brianconnais, language, message, field):
    response = client.get(
        "/api/v1/communes/", {"territory": "atlantis"}, headers={"accept-language": language}
    )

    error = response.json()["error"]
    assert (response.status_code, error["message"]) == (400, message)
    assert error["fields"] == {"territory": [field]}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "No commune with code '99999'."),
        ("fr", "Aucune commune n'a le code '99999'."),
        ("de", "Keine Gemeinde mit dem Code '99999'."),
    ],
)
def test_not_found_in_each_language(client, grand_brianconnais, language, message):
    response = client.get("/api/v1/communes/99999/", headers={"accept-language": language})

    assert response.status_code == 404
    assert response.json()["error"]["message"] == message
