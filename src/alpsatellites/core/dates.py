"""Calendar words shared by every app's templates (the domains may not import `www`)."""

from django.utils.translation import gettext_lazy

# Indexed by `datetime.date.weekday()` (Monday is 0).
WEEKDAYS = [
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
]
