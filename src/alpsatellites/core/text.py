"""Text helpers shared by the domains."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case, accent-free form used for searching.

    "Briançon" and "BRIANCON" both give "briancon"; "L'Argentière" gives "l argentiere".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for separator in ("'", "\u2019", "-"):  # apostrophes and hyphens separate words
        stripped = stripped.replace(separator, " ")
    return " ".join(stripped.casefold().split())
