"""The household's side of the welcome: asking for support, then following its case.

Views stay thin: reads through `selectors.household` (every one scoped to the person's own
cases), writes through `services.requests` and `services.messages`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alpsatellites.core.errors import Invalid
from alpsatellites.territories.selectors import territory_by_slug

from .attachments import attachment_download
from .household_text import NEXT_STEPS, STAGE_WORDS, profile_summary
from .models import Stage
from .profile_session import profile_load
from .request_forms import ReplyForm, WelcomeRequestForm
from .selectors.household import (
    case_answerers,
    case_thread,
    household_attachment,
    household_case,
    household_case_list,
    household_open_case,
    request_communes,
)
from .services.messages import case_message_post
from .services.requests import (
    RequestAlreadyOpen,
    welcome_request_create,
    welcome_request_withdraw,
)

MAX_CASES_LISTED = 100


def _to_open_case(request: HttpRequest, case_id: int) -> HttpResponse:
    messages.info(
        request,
        _(
            "You already have an open request here: write to the welcome team below rather "
            "than sending a new one."
        ),
    )
    return redirect("newcomers:my-case", pk=case_id)


@login_required
def welcome_request(request: HttpRequest, territory: str) -> HttpResponse:
    place = territory_by_slug(territory)
    user = request.user
    open_case = household_open_case(user, place)  # type: ignore[arg-type]
    if open_case is not None:
        return _to_open_case(request, open_case.pk)
    profile = profile_load(request, place.slug)
    communes = request_communes(place)
    code = request.GET.get("commune", "")
    form = WelcomeRequestForm(
        request.POST or None,
        territory=place,
        communes=communes,
        has_profile=profile is not None,
        initial={
            "contact_name": getattr(user, "name", ""),
            "commune": code if any(c.code == code for c in communes) else "",
        },
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = welcome_request_create(
                    user=user,  # type: ignore[arg-type]
                    territory=place,
                    commune=data["commune"],
                    contact_name=data["contact_name"],
                    contact_phone=data["contact_phone"],
                    message=data["message"],
                    profile=profile if data.get("share_profile") else None,
                    consent_wording=form.wording,
                    language=get_language() or "",
                    request_key=data["request_key"],
                )
            except RequestAlreadyOpen as refusal:
                return _to_open_case(request, refusal.case_id)
            except Invalid as refusal:
                form.add_error(
                    refusal.field if refusal.field in form.fields else None, refusal.message
                )
            else:
                messages.success(
                    request,
                    _("Your request is sent. A confirmation e-mail is on its way to you."),
                )
                return redirect("newcomers:my-case", pk=case.pk)
    return render(
        request,
        "newcomers/request.html",
        {
            "territory": place,
            "form": form,
            "profile_lines": profile_summary(profile),
            "nav": "welcome",
        },
        status=status,
    )


@login_required
def my_support(request: HttpRequest) -> HttpResponse:
    cases = list(household_case_list(request.user)[:MAX_CASES_LISTED])  # type: ignore[arg-type]
    for case in cases:
        case.stage_words = STAGE_WORDS[Stage(case.stage)]  # type: ignore[attr-defined]
    return render(request, "newcomers/my_support.html", {"cases": cases})


@login_required
def my_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = household_case(request.user, pk)  # type: ignore[arg-type]
    form = ReplyForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                case_message_post(
                    case=case,
                    author=request.user,  # type: ignore[arg-type]
                    body=form.cleaned_data["body"],
                    from_household=True,
                    files=form.cleaned_data["attachments"],
                )
            except Invalid as refusal:
                form.add_error(
                    refusal.field if refusal.field in form.fields else None, refusal.message
                )
            else:
                messages.success(request, _("Your message is sent to the welcome team."))
                return redirect("newcomers:my-case", pk=case.pk)
    return render(
        request,
        "newcomers/my_case.html",
        {
            "case": case,
            "territory": case.territory,
            "thread": case_thread(case),
            "answerers": case_answerers(case),
            "stage_words": STAGE_WORDS[Stage(case.stage)],
            "next_step": NEXT_STEPS[Stage(case.stage)],
            "profile_lines": profile_summary(case.profile),
            "form": form,
        },
        status=status,
    )


@login_required
def my_case_file(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    attachment = household_attachment(request.user, pk, attachment_pk)  # type: ignore[arg-type]
    return attachment_download(attachment)


@login_required
def my_case_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    case = household_case(request.user, pk)  # type: ignore[arg-type]
    if request.method == "POST":
        try:
            welcome_request_withdraw(user=request.user, case_id=case.pk)  # type: ignore[arg-type]
        except Invalid as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _(
                    "Your request is withdrawn and the welcome team has been told. "
                    "Your needs profile is removed from it."
                ),
            )
        return redirect("newcomers:my-case", pk=case.pk)
    return render(
        request,
        "newcomers/withdraw.html",
        {"case": case, "territory": case.territory},
    )
