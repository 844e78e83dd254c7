"""Month names as each language writes them inside a date.

Django's Italian catalogue capitalises months ("7 Dicembre 2026"); Italian writes them in lower
case ("7 dicembre 2026"). Listing the names here puts them in the platform's own catalogues, which
come before Django's (LOCALE_PATHS), so the translation there wins for `F` in date formats.
"""

from django.utils.translation import gettext_noop

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
