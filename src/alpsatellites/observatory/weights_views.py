"""The staff page of a territory's feasibility weights, with a live preview of the ranking.

Who: the territory's admins and staff (and platform admins). An elected official of the
territory may read the index but not set it (403); anyone else does not learn the page exists
(404); an anonymous visitor is sent to sign in. The preview recomputes the ranking with the
weights being typed, without saving anything; saving renews the territory's public pages.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alpsatellites.accounts.scopes import readable_territory_ids
from alpsatellites.core.errors import Forbidden, Invalid
from alpsatellites.territories.models import Territory

from .forms import FeasibilityWeightsForm
from .selectors.feasibility import territory_feasibility
from .services.weights import feasibility_weights_update, may_edit_weights


def _editable_territory(request, slug: str) -> Territory:
    territory = Territory.objects.filter(slug=slug).first()
    if territory is None:
        raise Http404
    if may_edit_weights(request.user, territory):
        return territory
    readable = readable_territory_ids(request.user)
    if readable is None or territory.pk in readable:
        raise Forbidden(_("Only the territory's staff may change the index weights."))
    raise Http404


def _preview_rows(territory: Territory, weights: dict[str, float]) -> dict:
    """The ranking with `weights`, each commune with its move against the saved ranking."""
    saved = {row.code: row.rank for row in territory_feasibility(territory).rows}
    preview = territory_feasibility(territory, weights=weights)
    rows = []
    for row in preview.rows:
        before = saved.get(row.code)
        move = before - row.rank if before is not None and row.rank is not None else None
        rows.append({"row": row, "move": move, "down": -move if move and move < 0 else None})
    return {"preview": preview, "preview_rows": rows}


@login_required
@require_http_methods(["GET", "POST"])
def manage_weights(request, territory):
    territory = _editable_territory(request, territory)
    current = territory_feasibility(territory)
    initial = {theme: current.weights.get(theme, 0.0) for theme in FeasibilityWeightsForm().fields}
    form = FeasibilityWeightsForm(request.POST or None, initial_weights=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                feasibility_weights_update(
                    territory=territory, weights=form.weights(), by=request.user
                )
            except Invalid as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _("Weights saved: the public index of %(name)s now uses them.")
                    % {"name": territory.name},
                )
                return redirect("feasibility_manage:weights", territory=territory.slug)
        status = 400
    context = {
        "territory": territory,
        "form": form,
        "weights_are_default": current.weights_are_default,
        "preview": current,
        "preview_rows": [
            {"row": row, "move": 0 if row.rank else None, "down": None} for row in current.rows
        ],
    }
    return render(request, "observatory/feasibility_weights.html", context, status=status)


@login_required
@require_POST
def preview_weights(request, territory):
    """The ranking preview for the weights in the form, nothing saved (htmx fragment)."""
    territory = _editable_territory(request, territory)
    form = FeasibilityWeightsForm(request.POST)
    context: dict = {"territory": territory, "form": form}
    if form.is_valid():
        context.update(_preview_rows(territory, form.weights()))
    # A fragment with the errors is still an answer htmx swaps in: the table is replaced by
    # what to fix, never left showing a ranking for other weights.
    return render(request, "observatory/_weights_preview.html", context)
