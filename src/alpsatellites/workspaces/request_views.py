"""The manager's requests page: every booking awaiting a decision, in every workspace they run,
whatever its date (the week view shows only the week on screen), oldest first.

A booking of a workspace the user does not run answers 404 here, as if it did not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from alpsatellites.core.pagination import page_or_404

from . import booking_messages, selectors
from .models import Booking
from .request_forms import DecisionForm
from .services import BookingRefused, booking_cancel_by_manager, booking_decide

REQUESTS_PER_PAGE = 25


def _page_number(request) -> int | None:
    try:
        return max(int(request.GET.get("page", "")), 1)
    except ValueError:
        return None


def _render_list(request, *, failed=None, form=None, status=200):
    page = page_or_404(
        selectors.booking_requests_pending(request.user), REQUESTS_PER_PAGE, _page_number(request)
    )
    return render(
        request,
        "workspaces/requests.html",
        {"page": page, "failed": failed, "failed_form": form, "query": "", "nav": "requests"},
        status=status,
    )


@login_required
def requests_pending(request):
    return _render_list(request)


@login_required
@require_POST
def request_decide(request, pk):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        # Said next to the request only to one who runs its workspace: for others, 404.
        get_object_or_404(selectors.booking_requests_pending(request.user), pk=pk)
        return _render_list(request, failed=pk, form=form, status=400)
    approve = form.cleaned_data["action"] == "approve"
    try:
        booking = booking_decide(
            manager=request.user, booking_id=pk, approve=approve, reason=form.cleaned_data["reason"]
        )
    except BookingRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("workspaces:requests")
    done = booking_messages.approved if approve else booking_messages.declined
    messages.success(request, done(booking))
    return redirect("workspaces:requests")


@login_required
@require_POST
def manage_cancel(request, pk):
    """A manager cancels a booking (or lifts a block) of a workspace they run."""
    booking = get_object_or_404(
        Booking.objects.managed_by(request.user).select_related("resource__workspace__territory"),
        pk=pk,
    )
    try:
        booking = booking_cancel_by_manager(manager=request.user, booking_id=pk)
    except BookingRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, booking_messages.cancelled_by_manager(booking))
    week = timezone.localtime(booking.starts_at, booking.resource.workspace.zone).date()
    return redirect(
        reverse("workspaces:manage", args=[booking.resource.workspace.slug])
        + f"?week={week.isoformat()}"
    )
