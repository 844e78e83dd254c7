from modeltranslation.translator import TranslationOptions, register

from .models import Amenity, Resource, Workspace, WorkspacePhoto


@register(Workspace)
class WorkspaceTranslation(TranslationOptions):
    fields = ("description", "trial_day_text")


@register(Amenity)
class AmenityTranslation(TranslationOptions):
    fields = ("name",)


@register(Resource)
class ResourceTranslation(TranslationOptions):
    fields = ("name",)


@register(WorkspacePhoto)
class WorkspacePhotoTranslation(TranslationOptions):
    fields = ("alt_text",)
