"""E-mails about bookings. Called after commit with ids, never with objects from the request."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from .calendars import booking_ics
from .models import Booking


def send_booking_confirmation(booking_id: int) -> None:
    booking = Booking.objects.select_related(
        "resource__workspace__commune", "resource__workspace__territory", "user"
    ).get(pk=booking_id)
    if booking.user is None or not booking.user.email:
        return
    with translation.override(booking.user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("workspaces/email/booking_subject.txt", {"booking": booking})
        body = render_to_string("workspaces/email/booking_body.txt", {"booking": booking})
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[booking.user.email],
    )
    message.attach("booking.ics", booking_ics(booking), "text/calendar; method=PUBLISH")
    message.send()
