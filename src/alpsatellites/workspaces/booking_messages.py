"""What a manager or a member reads after acting on a booking: who, which day, what happened and
who has been told ("Booking of Anna for Tuesday 8 December approved — an e-mail tells them"),
rather than a bare "Done.". The day is the workspace's, in the page's language."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Booking


def _day(booking: Booking) -> str:
    local = timezone.localtime(booking.starts_at, booking.resource.workspace.zone)
    return date_format(local, "WEEKDAY_DAY_MONTH_FORMAT")


def _who(booking: Booking) -> str:
    if booking.user is None:
        return _("deleted account")
    return booking.user.name or booking.user.email


def approved(booking: Booking) -> str:
    return _("Booking of %(who)s for %(day)s approved — an e-mail tells them.") % {
        "who": _who(booking),
        "day": _day(booking),
    }


def declined(booking: Booking) -> str:
    return _("Booking of %(who)s for %(day)s declined — an e-mail tells them.") % {
        "who": _who(booking),
        "day": _day(booking),
    }


def cancelled_by_manager(booking: Booking) -> str:
    if booking.is_block:
        return _("The block of %(resource)s for %(day)s is lifted.") % {
            "resource": booking.resource.name,
            "day": _day(booking),
        }
    return _("Booking of %(who)s for %(day)s cancelled — an e-mail tells them.") % {
        "who": _who(booking),
        "day": _day(booking),
    }


def cancelled_by_member(booking: Booking) -> str:
    return _("Your booking of %(resource)s for %(day)s is cancelled — an e-mail confirms it.") % {
        "resource": booking.resource.name,
        "day": _day(booking),
    }


def checked_in(booking: Booking) -> str:
    return _("%(who)s is checked in for %(day)s.") % {"who": _who(booking), "day": _day(booking)}
