from modeltranslation.translator import TranslationOptions, register

from .models import Commune, Highlight, Territory


@register(Territory)
class TerritoryTranslation(TranslationOptions):
    fields = ("name", "tagline", "description")


@register(Highlight)
class HighlightTranslation(TranslationOptions):
    fields = ("title", "body")


@register(Commune)
class CommuneTranslation(TranslationOptions):
    fields = ("description",)
