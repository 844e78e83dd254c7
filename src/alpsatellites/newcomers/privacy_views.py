"""Privacy pages: the public notice, and each person's "My data" (name, consents, download,
deletion). Thin: the reads are in selectors.personal_data, the writes in services.privacy and
services.erasure."""

import datetime
import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from alpsatellites.core.errors import Invalid

from .privacy_forms import DeleteAccountForm, NameForm
from .selectors.personal_data import (
    consents_of,
    controllers,
    personal_data,
    upcoming_bookings,
    withdrawable,
)
from .services.erasure import DEFAULT_RETENTION_MONTHS, account_erase
from .services.privacy import account_name_set, consent_withdraw

# Changed by hand whenever the notice's content changes (shown as "Last updated").
NOTICE_UPDATED_ON = datetime.date(2026, 12, 2)


@require_GET
def privacy(request):
    territories = [
        {
            "territory": territory,
            "service": getattr(territory, "welcome_service", None),
        }
        for territory in controllers()
    ]
    context = {
        "controllers": territories,
        "updated_on": NOTICE_UPDATED_ON,
        "default_retention_months": DEFAULT_RETENTION_MONTHS,
    }
    return render(request, "newcomers/privacy.html", context)


def _my_data_page(request, name_form, status=200):
    consents = [
        {"consent": consent, "withdrawable": withdrawable(consent)}
        for consent in consents_of(request.user)
    ]
    context = {"name_form": name_form, "consents": consents}
    return render(request, "newcomers/my_data.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_data(request):
    action = request.POST.get("action")
    if request.method == "POST" and action == "withdraw":
        return _withdraw(request)
    name_form = NameForm(initial={"name": request.user.name})
    if request.method == "POST":
        name_form = NameForm(request.POST)
        if not name_form.is_valid():
            return _my_data_page(request, name_form, status=400)
        try:
            account_name_set(user=request.user, name=name_form.cleaned_data["name"])
        except Invalid as refusal:
            name_form.add_error("name", refusal.message)
            return _my_data_page(request, name_form, status=400)
        messages.success(request, _("Your name is saved."))
        return redirect("newcomers:my-data")
    return _my_data_page(request, name_form)


def _withdraw(request):
    try:
        consent_id = int(request.POST.get("consent", ""))
    except ValueError:
        consent_id = 0
    # NotFound (another person's consent, or none) is answered as a 404 by the middleware.
    consent_withdraw(user=request.user, consent_id=consent_id)
    messages.success(
        request,
        _(
            "Your consent is withdrawn: the welcome officers no longer see your needs profile. "
            "Your case and its messages stay open until you or they close it."
        ),
    )
    return redirect("newcomers:my-data")


@never_cache
@login_required
@require_GET
def my_data_download(request):
    data = personal_data(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"alpsatellites-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_data_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user, request=request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            account_erase(user=request.user)
            logout(request)
            messages.success(
                request,
                _("Your account is deleted. Nothing that names you is left on the platform."),
            )
            return redirect("www:home")
        status = 400
    context = {"form": form, "upcoming_bookings": upcoming_bookings(request.user).count()}
    return render(request, "newcomers/my_data_delete.html", context, status=status)
