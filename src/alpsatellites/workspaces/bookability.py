"""Whether a workspace may take bookings at all, before any resource's rules are read.

One answer for the booking service (which refuses), the API and the workspace page (which
explains): a place nobody has checked is still running, or that gives no way to reach it, is
not one a member should travel to on the strength of a booking.
"""

from django.utils.translation import gettext as _

from .models import Workspace


def booking_closed_reason(workspace: Workspace) -> str | None:
    """Why the workspace cannot be booked (a sentence for people), or None if it can."""
    if not workspace.activity_verified:
        return _("The activity of this place has not been verified yet: it cannot be booked.")
    if not workspace.has_contact:
        return _("Booking opens when the space publishes its contact details.")
    return None
