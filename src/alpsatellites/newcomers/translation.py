from modeltranslation.translator import TranslationOptions, register

from .models import DiscoveryStay, WelcomeService


@register(WelcomeService)
class WelcomeServiceTranslation(TranslationOptions):
    fields = ("slogan", "introduction")


@register(DiscoveryStay)
class DiscoveryStayTranslation(TranslationOptions):
    fields = ("title", "description", "accommodation", "meetings")
