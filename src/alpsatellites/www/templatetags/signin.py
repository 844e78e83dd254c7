"""The sign-in and sign-up pages say why they are asked ("Sign in to book at Altipolis"),
from the page the person came from (`?next=`).

Only a same-site path is read, and only to name the page it resolves to: the words come from
the platform (and a workspace's name from the database), never from the address itself, and the
template escapes them like any text.
"""

from urllib.parse import quote, urlsplit

from django import template
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy

from alpsatellites.workspaces.models import Workspace

register = template.Library()

ENTRANCES = ("account_login", "account_signup")

# page names → (sign-in words, sign-up words)
REASONS = {
    "newcomers:request": (
        gettext_lazy("Sign in to ask for support"),
        gettext_lazy("Create an account to ask for support"),
    ),
    "newcomers:my-support": (
        gettext_lazy("Sign in to follow your support"),
        gettext_lazy("Create an account to follow your support"),
    ),
    "workspaces:bookings": (gettext_lazy("Sign in to see your bookings"), None),
    "workspaces:booking": (gettext_lazy("Sign in to see your booking"), None),
    "workspaces:manage": (gettext_lazy("Sign in to manage your workspace"), None),
    "workspaces:occupancy": (gettext_lazy("Sign in to manage your workspace"), None),
    "decision:dashboard": (gettext_lazy("Sign in to see your territory's dashboard"), None),
}
REASONS["newcomers:my-case"] = REASONS["newcomers:my-support"]
WORKSPACE_PAGES = ("workspaces:book", "workspaces:detail")


def _target(request, next_url: str):
    """The resolved page of a same-site `next` path, or None."""
    if not next_url or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    path = urlsplit(next_url).path
    # A /de/… address resolves under German whatever the sign-in page's language.
    language = translation.get_language_from_path(path) or translation.get_language()
    try:
        with translation.override(language):
            return resolve(path)
    except Resolver404:
        return None


@register.simple_tag(takes_context=True)
def signin_reason(context) -> str:
    """Why this sign-in (or sign-up) page is asked, or "" when it cannot be told."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in ENTRANCES:
        return ""
    signing_up = match.url_name == "account_signup"
    target = _target(request, request.POST.get("next") or request.GET.get("next") or "")
    if target is None:
        return ""
    if target.view_name in WORKSPACE_PAGES:
        workspace = Workspace.objects.public().filter(slug=target.kwargs.get("slug")).first()
        if workspace is None:
            return ""
        words = (
            gettext("Create an account to book at %(workspace)s")
            if signing_up
            else gettext("Sign in to book at %(workspace)s")
        )
        return words % {"workspace": workspace.name}
    if target.app_name == "admin":
        return "" if signing_up else gettext("Sign in to the back office")
    sign_in, sign_up = REASONS.get(target.view_name, (None, None))
    return str((sign_up if signing_up else sign_in) or "")


@register.simple_tag(takes_context=True)
def sign_in_url(context) -> str:
    """The header's sign-in address, which comes back to the page it was followed from (but not
    to an account page itself: signing in from the sign-in page would come back to it)."""
    url = reverse("account_login")
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or (match.url_name or "").startswith("account_"):
        return url
    return f"{url}?next={quote(request.path, safe='/')}"
