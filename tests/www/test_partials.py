"""Pagination and breadcrumbs are written once, in a partial, and every page uses it."""

from pathlib import Path

import pytest

import alpsatellites

TEMPLATES = sorted(Path(alpsatellites.__file__).parent.glob("*/templates/**/*.html"))
PARTIALS = {
    "www/_pagination.html": "page.has_other_pages",
    "www/_breadcrumb.html": 'class="breadcrumb"',
}


@pytest.mark.parametrize(("partial", "marker"), PARTIALS.items())
def test_only_the_partial_holds_the_markup(partial, marker):
    holders = [
        path.as_posix().split("/templates/")[1]
        for path in TEMPLATES
        if marker in path.read_text(encoding="utf-8")
    ]

    assert holders == [partial]
