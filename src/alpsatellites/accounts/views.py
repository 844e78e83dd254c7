"""The person's own API tokens: create one (its secret shown once), see them, revoke them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .forms import ApiTokenForm
from .models import ApiToken
from .tokens import TokenRefused, api_token_create, api_token_revoke, api_tokens_of


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    form = ApiTokenForm()
    secret = None
    status = 200
    if request.method == "POST" and request.POST.get("action") == "revoke":
        return _revoke(request)
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                _token, secret = api_token_create(user=request.user, name=form.cleaned_data["name"])
            except TokenRefused as refusal:
                form.add_error("name", refusal.message)
            else:
                form = ApiTokenForm()
        if secret is None:
            status = 400
    # The secret is rendered in this response only (never stored, never put in the session):
    # reloading the page cannot show it again.
    context = {"form": form, "secret": secret, "tokens": api_tokens_of(request.user)}
    return render(request, "accounts/api_tokens.html", context, status=status)


def _revoke(request):
    try:
        token = api_token_revoke(user=request.user, token_id=int(request.POST.get("token", "")))
    except (ValueError, ApiToken.DoesNotExist):
        raise Http404 from None
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:api-tokens")
