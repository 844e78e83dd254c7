from modeltranslation.translator import TranslationOptions, register

from .models import Amenity, Resource, Workspace


@register(Workspace)
class WorkspaceTranslation(TranslationOptions):
    fields = ("description",)


@register(Amenity)
class AmenityTranslation(TranslationOptions):
    fields = ("name",)


@register(Resource)
class ResourceTranslation(TranslationOptions):
    fields = ("name",)
