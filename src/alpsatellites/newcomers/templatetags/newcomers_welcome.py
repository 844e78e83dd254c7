"""Small display helpers of the welcome pages: language names, initials for a missing photo."""

from django import template
from django.utils.translation import get_language_info

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """ "it" → "italien" on a French page, "Italian" on an English one (Django's own names)."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


@register.filter
def initials(name: str) -> str:
    """ "Camille Martin" → "CM": the avatar shown when an officer has no photo."""
    letters = [word[0] for word in name.replace("-", " ").split() if word[:1].isalpha()]
    return "".join(letters[:1] + letters[1:][-1:]).upper()
