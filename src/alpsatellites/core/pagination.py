"""One answer to a page number on every paginated page (the API's pagination answers alike).

A page number that is not a whole number from 1 is a bad request (400, said next to the search
form); a page after the last is not found (404); the first page of an empty list is a page.
"""

from django import forms
from django.core.paginator import EmptyPage, Page, Paginator
from django.http import Http404

MAX_PAGE = 100_000


def page_field() -> forms.IntegerField:
    """The `page` field of a search form: never shown as an input (a new search starts at 1)."""
    return forms.IntegerField(
        min_value=1, max_value=MAX_PAGE, required=False, widget=forms.HiddenInput
    )


def page_or_404(object_list, per_page: int, number: int | None) -> Page:
    """Page `number` (the first when None) of the list; Http404 after the last page."""
    try:
        return Paginator(object_list, per_page).page(number or 1)
    except EmptyPage:
        raise Http404 from None
