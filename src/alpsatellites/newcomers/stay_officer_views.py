"""The officers' pages of the discovery stays: their stays, the stay form, the applications.

Every page starts from `selectors.stays.stays_for_staff(user)`: a stay of another grouping
answers 404, as one that does not exist. Writes go through services.stays; their refusals are
shown beside the field at fault or as a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alpsatellites.core.errors import DomainError, NotFound

from .models import ApplicationStatus, DiscoveryStay, StayStatus
from .selectors.stays import staff_applications, staff_groupings, stays_for_staff, with_places
from .services.stays import (
    LIVE,
    stay_application_decide,
    stay_cancel,
    stay_create,
    stay_publish,
    stay_update,
)
from .stay_forms import StayForm, button_action, form_refusal, stay_initial


def _staff_stay(request, pk: int) -> DiscoveryStay:
    stay = (
        with_places(stays_for_staff(request.user))
        .select_related("territory", "grouping", "commune", "workspace_resource__workspace")
        .filter(pk=pk)
        .first()
    )
    if stay is None:
        raise NotFound(_("No such discovery stay among those you organise."))
    return stay


@login_required
def officer_stays(request) -> HttpResponse:
    groupings = list(staff_groupings(request.user))
    if not groupings:
        raise NotFound(_("You organise no discovery stay."))
    pending = Q(applications__status=ApplicationStatus.PENDING)
    stays = (
        with_places(stays_for_staff(request.user))
        .annotate(pending=Count("applications", filter=pending))
        .select_related("grouping", "commune", "territory")
        .order_by("-starts_on", "-pk")
    )
    territories = {g.territory.pk: g.territory for g in groupings}
    return render(
        request,
        "newcomers/stays/officer_list.html",
        {"stays": list(stays[:200]), "territories": sorted(territories.values(), key=str)},
    )


def _form_page(
    request, form: StayForm, stay: DiscoveryStay | None, status: int = 200
) -> HttpResponse:
    return render(
        request, "newcomers/stays/officer_form.html", {"form": form, "stay": stay}, status=status
    )


@login_required
def officer_stay_new(request) -> HttpResponse:
    groupings = list(staff_groupings(request.user))
    territories = {g.territory.slug: g.territory for g in groupings}
    if not territories:
        raise NotFound(_("You organise no discovery stay."))
    # One form per territory (its main language is required): a person following several
    # territories chooses one on the list page.
    slug = request.GET.get("territory") or (
        next(iter(territories)) if len(territories) == 1 else ""
    )
    territory = territories.get(slug)
    if territory is None:
        raise NotFound(_("Choose one of your territories."))
    mine = [g for g in groupings if g.territory_id == territory.pk]
    form = StayForm(request.POST or None, territory=territory, groupings=mine)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                stay = stay_create(user=request.user, fields=form.stay_fields())
            except DomainError as refusal:
                status = form_refusal(form, refusal)
            else:
                messages.success(
                    request, _("The stay is saved as a draft: publish it when it is ready.")
                )
                return redirect("newcomers:officer-stay", pk=stay.pk)
    return _form_page(request, form, None, status)


@login_required
def officer_stay_edit(request, pk: int) -> HttpResponse:
    stay = _staff_stay(request, pk)
    if stay.status == StayStatus.CANCELLED:
        raise NotFound(_("This stay is cancelled."))
    mine = [g for g in staff_groupings(request.user) if g.territory_id == stay.territory_id]
    form = StayForm(
        request.POST or None, initial=stay_initial(stay), territory=stay.territory, groupings=mine
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                stay_update(user=request.user, stay_id=stay.pk, fields=form.stay_fields())
            except DomainError as refusal:
                status = form_refusal(form, refusal)
            else:
                messages.success(request, _("The stay is saved."))
                return redirect("newcomers:officer-stay", pk=stay.pk)
    return _form_page(request, form, stay, status)


@login_required
def officer_stay(request, pk: int) -> HttpResponse:
    stay = _staff_stay(request, pk)
    published, cancelled = stay.status == StayStatus.PUBLISHED, stay.status == StayStatus.CANCELLED
    applications = [
        {
            "application": application,
            "may_accept": published and application.status == ApplicationStatus.PENDING,
            "may_decline": not cancelled and application.status in LIVE,
        }
        for application in staff_applications(request.user, stay)
    ]
    return render(
        request,
        "newcomers/stays/officer_detail.html",
        {
            "stay": stay,
            "applications": applications,
            "is_draft": stay.status == StayStatus.DRAFT,
            "is_cancelled": cancelled,
            "is_published": published,
        },
    )


@login_required
@require_POST
def officer_stay_publish(request, pk: int) -> HttpResponse:
    button_action(
        request,
        lambda: stay_publish(user=request.user, stay_id=pk),
        _("The stay is published: households can apply."),
    )
    return redirect("newcomers:officer-stay", pk=pk)


@login_required
@require_POST
def officer_stay_cancel(request, pk: int) -> HttpResponse:
    button_action(
        request,
        lambda: stay_cancel(user=request.user, stay_id=pk),
        _("The stay is cancelled. Accepted households are told by e-mail."),
    )
    return redirect("newcomers:officer-stay", pk=pk)


@login_required
@require_POST
def officer_application_decide(request, pk: int, application_pk: int) -> HttpResponse:
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        return redirect("newcomers:officer-stay", pk=pk)
    # The application must be one of this stay's, the stay one the officer organises: 404 else.
    if not _staff_stay(request, pk).applications.filter(pk=application_pk).exists():
        raise NotFound(_("No such application among the stays you organise."))
    try:
        application = stay_application_decide(
            user=request.user, application_id=application_pk, accept=decision == "accept"
        )
    except NotFound:
        raise
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        name = application.household.name if application.household else ""
        if application.status == ApplicationStatus.ACCEPTED:
            text = _("Application of %(name)s accepted — the household has been told.")
        else:
            text = _("Application of %(name)s declined — the household has been told.")
        messages.success(request, text % {"name": name})
    return redirect("newcomers:officer-stay", pk=pk)
