"""Each article's language is guessed when the page does not declare it (issue 8): pages
in languages without a pipeline must be told apart from English, never analysed as it."""

from __future__ import annotations

import pytest

from presslens.extraction.language import guess_language

pytestmark = pytest.mark.issue(8)

# Sentences written for this test.
TEXTS = {
    "en": "The council said on Wednesday that it would close the old pier for repairs, and the mayor said it was an important step for the town.",
    "fr": "Le conseil a annoncé mercredi la fermeture du vieux ponton pour des travaux, et le maire a dit que c'est une étape importante pour la ville.",
    "de": "Der Rat hat am Mittwoch angekündigt, dass der alte Anleger für Reparaturen geschlossen wird, und der Bürgermeister sagte, das sei ein wichtiger Schritt für die Stadt.",
    "pl": "Rada miasta ogłosiła w środę, że stare molo zostanie zamknięte na czas remontu, a burmistrz powiedział, że to jest ważny krok dla miasta i nie będzie opóźnień.",
    "ru": "Совет в среду объявил, что старый причал закроют на ремонт, и мэр сказал, что это важный шаг для города, но жители не согласны и так было и раньше.",
}


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_guess_language(language: str) -> None:
    assert guess_language(TEXTS[language]) == language


def test_too_little_text_is_no_guess() -> None:
    assert guess_language("Port Alder, 2025") is None
