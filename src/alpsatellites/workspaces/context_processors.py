"""What the site header needs to know about the coworking network: the manager's request badge.

Lazy: the count runs only when a page shows the account menu (signed-in people), once per
request, in one query; anonymous visitors' pages never ask.
"""

from django.utils.functional import SimpleLazyObject

from .selectors import booking_requests_pending_count


def booking_requests(request):
    return {
        "pending_requests": SimpleLazyObject(lambda: booking_requests_pending_count(request.user))
    }
