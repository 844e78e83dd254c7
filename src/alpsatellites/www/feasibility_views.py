"""Public pages of the remote-work feasibility index: ranking, sensitivity, comparison, method.

Every page is cached per territory (saving the weights or importing values renews it) and reads
through observatory.selectors.feasibility; nothing here computes or writes.
"""

from django.shortcuts import render

from alpsatellites.core.cache import cached_public_page, territory_from
from alpsatellites.observatory.forms import CommunePairForm
from alpsatellites.observatory.models import Theme
from alpsatellites.observatory.selectors.feasibility import (
    TerritoryFeasibility,
    default_weights,
    feasibility_comparison,
    feasibility_sensitivity,
    territory_feasibility,
    territory_teleworkability,
)
from alpsatellites.territories import selectors as territory_selectors

THEME_LABELS = dict(Theme.choices)


def _themes(result: TerritoryFeasibility) -> list[dict]:
    return [
        {"code": theme, "label": THEME_LABELS.get(theme, theme), "weight": result.weights[theme]}
        for theme in result.themes
    ]


def _ranking(result: TerritoryFeasibility) -> list[dict]:
    return [
        {"row": row, "themes": [row.themes[theme] for theme in result.themes]}
        for row in result.rows
    ]


def _common(territory, result: TerritoryFeasibility) -> dict:
    return {
        "territory": territory,
        "result": result,
        "themes": _themes(result),
        "theme_count": len(result.themes),
        "nav": "feasibility",
    }


@cached_public_page(scope=territory_from("territory"))
def feasibility_index(request, territory):
    territory = territory_selectors.territory_by_slug(territory)
    result = territory_feasibility(territory)
    context = _common(territory, result)
    context.update(
        ranking=_ranking(result),
        scored=sum(1 for row in result.rows if row.score is not None),
        teleworkability=territory_teleworkability(territory),
        compare_form=_pair_form(result),
    )
    return render(request, "www/feasibility.html", context)


@cached_public_page(scope=territory_from("territory"))
def feasibility_sensitivity_page(request, territory):
    territory = territory_selectors.territory_by_slug(territory)
    result = territory_feasibility(territory)
    variants, rows = feasibility_sensitivity(result)
    by_theme: dict[str, dict] = {}
    with_data = set(result.themes_with_data())
    for variant in variants:
        entry = by_theme.setdefault(
            variant.theme,
            {"label": THEME_LABELS.get(variant.theme), "has_data": variant.theme in with_data},
        )
        entry["lower" if variant.factor < 1 else "higher"] = variant
    context = _common(territory, result)
    context.update(summary=list(by_theme.values()), rows=rows)
    return render(request, "www/feasibility_sensitivity.html", context)


def _commune_choices(result: TerritoryFeasibility) -> list[tuple[str, str]]:
    return sorted(((row.code, row.name) for row in result.rows), key=lambda c: (c[1], c[0]))


def _pair_form(result: TerritoryFeasibility, data=None) -> CommunePairForm:
    """The comparison form; unbound, it proposes the two best-ranked communes."""
    codes = [row.code for row in result.rows]
    initial = {"a": codes[0], "b": codes[1]} if len(codes) > 1 else {}
    return CommunePairForm(data, communes=_commune_choices(result), initial=initial)


@cached_public_page(scope=territory_from("territory"))
def feasibility_compare(request, territory):
    territory = territory_selectors.territory_by_slug(territory)
    result = territory_feasibility(territory)
    form = _pair_form(result, request.GET or None)
    context = _common(territory, result)
    context["form"] = form
    status = 200
    if form.is_bound:
        if form.is_valid():
            pair, compared = feasibility_comparison(
                result, (form.cleaned_data["a"], form.cleaned_data["b"])
            )
            context.update(
                pair=pair,
                pair_themes=[
                    {"label": t["label"], "scores": [row.themes[t["code"]] for row in pair]}
                    for t in context["themes"]
                ],
                compared=compared,
            )
        else:
            status = 400
    return render(request, "www/feasibility_compare.html", context, status=status)


@cached_public_page(scope=territory_from("territory"))
def feasibility_method(request, territory):
    territory = territory_selectors.territory_by_slug(territory)
    result = territory_feasibility(territory)
    context = _common(territory, result)
    context.update(
        defaults=[
            {"label": THEME_LABELS[theme], "weight": weight}
            for theme, weight in default_weights().items()
        ],
        indicators_by_theme=[
            {
                "label": label,
                "indicators": [i for i in result.indicators if i.theme == theme],
            }
            for theme, label in Theme.choices
        ],
        teleworkability=territory_teleworkability(territory),
    )
    return render(request, "www/feasibility_method.html", context)
