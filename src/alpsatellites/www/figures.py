"""An indicator's figure as a sentence fragment in the page's language: "94,7 %", "12 km",
"secret (INSEE statistical secrecy)", "unknown" — never a zero where there is no figure."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alpsatellites.www.templatetags.showcase import figure

NBSP = "\u00a0"


def with_unit(value: float, unit: str, decimals: int = 0) -> str:
    number = figure(value, decimals)
    if not unit:
        return number
    if unit == "%" and (get_language() or "").startswith("en"):
        return f"{number}%"
    return f"{number}{NBSP}{unit}"


def value_text(value: float | None, status: str, unit: str = "", decimals: int = 0) -> str:
    if status == "secret":
        return str(_("secret (INSEE statistical secrecy)"))
    if value is None or status != "known":
        return str(_("unknown"))
    return with_unit(value, unit, decimals)
