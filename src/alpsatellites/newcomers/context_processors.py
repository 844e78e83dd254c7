"""What the site header needs to know about newcomers: whether to show the cases link.

Lazy: the role lookup runs only when a page asks, once per request (scopes are remembered on
the user object), and never on pages served to anonymous visitors.
"""

from django.utils.functional import SimpleLazyObject

from .selectors.cases import may_follow_cases


def newcomers_nav(request):
    return {"follows_cases": SimpleLazyObject(lambda: may_follow_cases(request.user))}
