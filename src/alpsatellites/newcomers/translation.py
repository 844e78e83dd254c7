from modeltranslation.translator import TranslationOptions, register

from .models import DiscoveryStay, OfficerProfile, WelcomeService


@register(WelcomeService)
class WelcomeServiceTranslation(TranslationOptions):
    fields = ("slogan", "introduction")


@register(DiscoveryStay)
class DiscoveryStayTranslation(TranslationOptions):
    fields = ("title", "description", "accommodation", "meetings")


@register(OfficerProfile)
class OfficerProfileTranslation(TranslationOptions):
    # What officers write about themselves reads in the page's language like the rest.
    fields = ("job_title", "availability")
