"""Dates, amounts and phone numbers as each language writes them.

Date formats come from Django's localisation plus the names in `core/locale_formats/<lang>`
(FORMAT_MODULE_PATH): "lundi 7 décembre 2026", "Montag, 7. Dezember 2026". Phone numbers are
parsed with `phonenumbers` against the country they belong to: E.164 for links (tel:+33…), the
national convention for a reader of that country's language and the international one otherwise.
"""

import datetime
from decimal import Decimal

import phonenumbers
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The countries whose readers dial a number of theirs the national way, by language.
NATIONAL_READERS = {"fr": {"FR"}, "it": {"IT"}, "de": {"DE", "AT"}}


def long_date(day: datetime.date) -> str:
    """ "lundi 7 décembre 2026": for a date inside a sentence."""
    return date_format(day, "LONG_DATE_FORMAT")


def long_datetime(value: datetime.datetime) -> str:
    """In the active time zone (a workspace's pages and e-mails activate the workspace's)."""
    return date_format(timezone.localtime(value), "LONG_DATETIME_FORMAT")


def euros(amount: Decimal | float | int) -> str:
    return _("%(amount)s €") % {
        "amount": number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    }


def _parsed(number: str, country: str) -> phonenumbers.PhoneNumber | None:
    try:
        parsed = phonenumbers.parse(number, (country or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_possible_number(parsed) else None


def phone_e164(number: str, country: str) -> str:
    """ "+33476799029", or "" for a number that cannot be read."""
    parsed = _parsed(number, country)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) if parsed else ""


def phone_display(number: str, country: str) -> str:
    """ "04 76 79 90 29" for a French reader, "+33 4 76 79 90 29" for the others."""
    parsed = _parsed(number, country)
    if parsed is None:
        return number
    region = phonenumbers.region_code_for_number(parsed)
    national = region in NATIONAL_READERS.get((get_language() or "")[:2], set())
    style = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(parsed, style.NATIONAL if national else style.INTERNATIONAL)
