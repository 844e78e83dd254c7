"""The "Settle here / Get support" page of a territory, and the testimonial form behind it.

The page is public and cached per territory like the showcase pages: every write that changes
what it shows (services.welcome, the back office) renews the territory's pages on commit.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alpsatellites.core.cache import cached_public_page, territory_from
from alpsatellites.core.errors import Conflict, Invalid
from alpsatellites.territories.selectors import territory_by_slug

from .selectors import welcome as selectors
from .services.welcome import testimonial_submit
from .welcome_forms import CONSENT_WORDING, TestimonialForm


@cached_public_page(scope=territory_from("territory"))
def welcome(request: HttpRequest, territory: str) -> HttpResponse:
    place = territory_by_slug(territory)
    return render(
        request,
        "newcomers/welcome.html",
        {
            "territory": place,
            "service": selectors.welcome_service(place),
            "groupings": selectors.officers_by_grouping(place),
            "testimonials": list(selectors.published_testimonials(place)),
            "nav": "welcome",
        },
    )


@login_required
def testimonial_new(request: HttpRequest, territory: str) -> HttpResponse:
    place = territory_by_slug(territory)
    communes = selectors.testimonial_communes(place)
    form = TestimonialForm(request.POST or None, communes=communes)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                testimonial_submit(
                    territory=place,
                    author=request.user,  # type: ignore[arg-type]
                    signature=form.cleaned_data["signature"],
                    quote=form.cleaned_data["quote"],
                    commune=form.cleaned_data["commune"],
                    language=get_language() or "fr",
                    consent_wording=str(CONSENT_WORDING),
                )
            except Conflict:
                form.add_error(
                    None,
                    _(
                        "You already have a testimonial awaiting moderation here: it will "
                        "appear once a moderator has read it."
                    ),
                )
            except Invalid:
                form.add_error("quote", _("Please write your testimonial and your signature."))
            else:
                messages.success(
                    request,
                    _(
                        "Thank you! Your testimonial will appear on this page once a moderator "
                        "has read it."
                    ),
                )
                return redirect(reverse("newcomers:welcome", args=[place.slug]))
    return render(
        request,
        "newcomers/testimonial_form.html",
        {"territory": place, "form": form, "nav": "welcome"},
        status=status,
    )
