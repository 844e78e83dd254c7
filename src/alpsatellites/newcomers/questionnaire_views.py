"""The needs questionnaire: a few short steps, usable without an account.

Each step saves the answers so far in the session (profile_session) and remembers that it was
answered, so a visitor who leaves comes back where they stopped. The answers serve the matching
only; they reach a welcome officer only through a welcome request, with consent.
"""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alpsatellites.matching.profile import NeedsProfile, profile_from_dict
from alpsatellites.territories.selectors import territory_by_slug

from .profile_session import profile_forget, profile_load, profile_save
from .questionnaire_forms import STEPS, SUMMARY

STEP_NAMES = list(STEPS)
PROGRESS_KEY = "newcomers_questionnaire_steps"


def steps_done(request: HttpRequest, territory_slug: str) -> list[str]:
    done = request.session.get(PROGRESS_KEY, {}).get(territory_slug, [])
    return [step for step in STEP_NAMES if step in done]


def _step_done_set(request: HttpRequest, territory_slug: str, done: list[str]) -> None:
    progress = dict(request.session.get(PROGRESS_KEY, {}))
    progress[territory_slug] = done
    request.session[PROGRESS_KEY] = progress


def _progress(territory_slug: str, current: str, done: list[str]) -> list[dict[str, Any]]:
    """The step list shown above each step: done steps and the current one are links."""
    items = []
    for name in [*STEP_NAMES, SUMMARY]:
        label = STEPS[name].title if name in STEPS else _("Summary")
        reachable = name == current or name in done or (name == SUMMARY and done)
        items.append(
            {
                "name": name,
                "label": label,
                "current": name == current,
                "done": name in done,
                "url": reverse("newcomers:questionnaire-step", args=[territory_slug, name])
                if reachable
                else "",
            }
        )
    return items


def _step_url(territory_slug: str, step: str) -> str:
    return reverse("newcomers:questionnaire-step", args=[territory_slug, step])


def questionnaire(request: HttpRequest, territory: str) -> HttpResponse:
    """Start, or resume at the first step not answered yet."""
    territory_by_slug(territory)
    done = steps_done(request, territory)
    pending = [step for step in STEP_NAMES if step not in done]
    return redirect(_step_url(territory, pending[0] if pending else SUMMARY))


@require_http_methods(["GET", "POST"])
def questionnaire_step(request: HttpRequest, territory: str, step: str) -> HttpResponse:
    place = territory_by_slug(territory)
    if step == SUMMARY:
        return _summary(request, place.slug, place)
    form_class = STEPS.get(step)
    if form_class is None:
        raise Http404
    profile = profile_load(request, place.slug) or NeedsProfile()
    done = steps_done(request, place.slug)
    form = form_class(initial=form_class.initial_from(profile))
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, initial=form_class.initial_from(profile))
        if form.is_valid():
            updated = profile_from_dict({**profile.to_dict(), **form.profile_values()})
            profile_save(request, place.slug, updated)
            _step_done_set(request, place.slug, sorted({*done, step}, key=STEP_NAMES.index))
            position = STEP_NAMES.index(step)
            following = STEP_NAMES[position + 1] if position + 1 < len(STEP_NAMES) else SUMMARY
            return redirect(_step_url(place.slug, following))
        status = 400
    position = STEP_NAMES.index(step)
    return render(
        request,
        "newcomers/questionnaire_step.html",
        {
            "territory": place,
            "form": form,
            "step": step,
            "number": position + 1,
            "total": len(STEP_NAMES),
            "progress": _progress(place.slug, step, done),
            "previous_url": _step_url(place.slug, STEP_NAMES[position - 1]) if position else "",
            "is_last": position + 1 == len(STEP_NAMES),
        },
        status=status,
    )


def _answers(profile: NeedsProfile) -> list[dict[str, Any]]:
    """Each step's questions with the answers as the page's language says them."""
    sections = []
    for name, form_class in STEPS.items():
        form = form_class(initial=form_class.initial_from(profile))
        rows = []
        for field in form:
            value = form.initial.get(field.name)
            choices = dict(getattr(field.field, "choices", []) or [])
            if isinstance(value, bool):
                shown = _("Yes") if value else _("No")
            elif isinstance(value, list | tuple):
                shown = ", ".join(str(choices.get(item, item)) for item in value)
            elif value is None or value == "":
                shown = ""
            else:
                shown = str(choices.get(value, value))
            rows.append({"label": field.label, "value": shown})
        sections.append({"name": name, "title": form_class.title, "rows": rows})
    return sections


def _matches_url(territory_slug: str) -> str:
    # The matches page belongs to another part of the platform; until it is there, the summary.
    try:
        return reverse("newcomers:matches", args=[territory_slug])
    except NoReverseMatch:
        return _step_url(territory_slug, SUMMARY)


def _summary(request: HttpRequest, territory_slug: str, place: Any) -> HttpResponse:
    profile = profile_load(request, territory_slug)
    if profile is None:
        return redirect(_step_url(territory_slug, STEP_NAMES[0]))
    if request.method == "POST":
        if request.POST.get("next") == "restart":
            profile_forget(request, territory_slug)
            _step_done_set(request, territory_slug, [])
            return redirect(_step_url(territory_slug, STEP_NAMES[0]))
        target = _matches_url(territory_slug)
        if target == request.path:
            messages.info(request, _("Your answers are saved for this visit."))
        return redirect(target)
    return render(
        request,
        "newcomers/questionnaire_summary.html",
        {
            "territory": place,
            "sections": _answers(profile),
            "progress": _progress(territory_slug, SUMMARY, steps_done(request, territory_slug)),
        },
    )
