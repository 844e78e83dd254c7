from django.conf import settings


def platform(request):
    return {"DEFAULT_TERRITORY_SLUG": settings.DEFAULT_TERRITORY_SLUG}
