"""Public pages of the remote-work feasibility index: ranking, sensitivity, comparison, method.

Every page is cached per territory (saving the weights or importing values renews it) and reads
through observatory.selectors.feasibility; nothing here computes or writes.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
from alpsatellites.observatory.services.weights import may_edit_weights
from alpsatellites.territories import selectors as territory_selectors

from .choropleth import Area, choropleth
from .figures import value_text
from .maps import territory_geometries
from .templatetags.showcase import figure

THEME_LABELS = dict(Theme.choices)
# The most populated communes get their name written on the map (as on the indicator maps).
LABELLED_TOWNS = 5


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


def _sources(result: TerritoryFeasibility) -> list[dict]:
    """Each source the index is computed from, once, with the indicators it feeds."""
    grouped: dict[int, dict] = {}
    for indicator in result.indicators:
        entry = grouped.setdefault(indicator.source.pk, {"source": indicator.source, "labels": []})
        entry["labels"].append(indicator.label)
    return list(grouped.values())


def _common(territory, result: TerritoryFeasibility) -> dict:
    return {
        "territory": territory,
        "result": result,
        "index_sources": _sources(result),
        "themes": _themes(result),
        "theme_count": len(result.themes),
        "nav": "feasibility",
    }


def _confidence_text(row, themes: int) -> str:
    missing = len(row.missing_themes)
    if not missing:
        return _("all themes with data")
    return ngettext(
        "lower confidence: %(missing)s of %(total)s theme without data",
        "lower confidence: %(missing)s of %(total)s themes without data",
        missing,
    ) % {"missing": missing, "total": themes}


def _score_map(territory, result: TerritoryFeasibility) -> dict:
    """The choropleth of the scores; a commune without a score is hatched, never a low class."""
    geometries = territory_geometries(territory)
    towns = sorted(result.rows, key=lambda row: -(row.population or 0))[:LABELLED_TOWNS]
    labelled = {row.code for row in towns}
    areas = [
        Area(
            code=row.code,
            name=row.name,
            geometry=geometries.get(row.code),
            value=row.score,
            display=figure(row.score, 1) if row.score is not None else _("unknown"),
            status="known" if row.score is not None else "unknown",
            url=reverse("www:commune", args=[territory.slug, row.code]),
            detail=(
                _("rank %(rank)s; %(confidence)s")
                % {"rank": row.rank, "confidence": _confidence_text(row, len(result.themes))}
                if row.rank is not None
                else ""
            ),
            labelled=row.code in labelled,
        )
        for row in result.rows
    ]
    return choropleth(
        dom_id="feasibility-map",
        label=_("Map: remote-work feasibility score by commune"),
        title=_("Feasibility score (0–100)"),
        areas=areas,
        decimals=1,
    )


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
        choropleth=_score_map(territory, result),
        # Only signed-in pages are personal (and never cached): the link for the staff.
        can_edit_weights=request.user.is_authenticated
        and may_edit_weights(request.user, territory),
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
                compared=[
                    {
                        "indicator": item.indicator,
                        "cells": [
                            {
                                "value": value,
                                "text": value_text(
                                    value.value if value else None,
                                    value.status if value else "unknown",
                                    item.indicator.unit,
                                    item.indicator.decimals,
                                ),
                            }
                            for value in item.values
                        ],
                    }
                    for item in compared
                ],
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
