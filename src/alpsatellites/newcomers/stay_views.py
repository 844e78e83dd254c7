"""The households' pages of the discovery stays: the territory's offers, one stay with its
application form, and the person's own applications.

Only published stays not yet begun, of a published territory, exist here: a draft, a cancelled
or past stay, or another territory's, answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alpsatellites.accounts.services import user_language_set
from alpsatellites.core.errors import DomainError, NotFound
from alpsatellites.territories import selectors as territory_selectors

from .models import ApplicationStatus, DiscoveryStay, StayStatus
from .selectors.stays import household_applications, public_stays
from .services.stays import LIVE, stay_application_create, stay_application_withdraw
from .stay_forms import ApplyForm, button_action, form_refusal


def stay_list(request, territory: str) -> HttpResponse:
    place = territory_selectors.territory_by_slug(territory)
    return render(
        request,
        "newcomers/stays/list.html",
        {"territory": place, "stays": list(public_stays(place)), "nav": "stays"},
    )


def _public_stay(territory: str, pk: int) -> DiscoveryStay:
    place = territory_selectors.territory_by_slug(territory)
    stay = public_stays(place).select_related("grouping").filter(pk=pk).first()
    if stay is None:
        raise NotFound(_("No such discovery stay."))
    stay.territory = place
    return stay


def stay_detail(request, territory: str, pk: int) -> HttpResponse:
    stay = _public_stay(territory, pk)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = ApplyForm(request.POST or None, stay=stay)
    applied = None
    if request.user.is_authenticated:
        applied = stay.applications.filter(household=request.user, status__in=LIVE).first()
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            language = get_language()
            # The decision e-mail is written in the language the person applies in.
            user_language_set(user=request.user, language=language)
            try:
                stay_application_create(
                    user=request.user,
                    stay_id=stay.pk,
                    people=data["people"],
                    message=data["message"],
                    consent=data["consent"],
                    language=language,
                    request_key=data["request_key"],
                )
            except NotFound:
                raise
            except DomainError as refusal:
                status = form_refusal(form, refusal)
            else:
                messages.success(
                    request,
                    _(
                        "Your application is sent. The welcome officers will answer you by "
                        "e-mail; follow it here."
                    ),
                )
                return redirect("newcomers:my-stays")
    return render(
        request,
        "newcomers/stays/detail.html",
        {
            "territory": stay.territory,
            "stay": stay,
            "form": form,
            "applied": applied,
            "nav": "stays",
        },
        status=status,
    )


@login_required
def my_stays(request) -> HttpResponse:
    applications = [
        {
            "application": application,
            "stay": application.stay,
            "stay_cancelled": application.stay.status == StayStatus.CANCELLED,
            "may_withdraw": application.status in LIVE
            and application.stay.status != StayStatus.CANCELLED,
            "accepted": application.status == ApplicationStatus.ACCEPTED,
        }
        for application in household_applications(request.user)[:200]
    ]
    return render(request, "newcomers/stays/my_stays.html", {"applications": applications})


@login_required
@require_POST
def my_stay_withdraw(request, pk: int) -> HttpResponse:
    button_action(
        request,
        lambda: stay_application_withdraw(user=request.user, application_id=pk),
        _("Your application is withdrawn."),
    )
    return redirect("newcomers:my-stays")
