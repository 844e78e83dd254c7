from modeltranslation.translator import TranslationOptions, register

from .models import Commune, Highlight, Source, Territory


@register(Territory)
class TerritoryTranslation(TranslationOptions):
    fields = ("name", "tagline", "description")


@register(Highlight)
class HighlightTranslation(TranslationOptions):
    fields = ("title", "body", "source_title")


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("title",)


@register(Commune)
class CommuneTranslation(TranslationOptions):
    fields = ("description",)
