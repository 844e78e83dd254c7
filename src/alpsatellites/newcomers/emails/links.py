"""Links in e-mails: absolute, on SITE_URL, in the recipient's language."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def absolute_url(name: str, language: str, **kwargs: object) -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse(name, kwargs=kwargs)
