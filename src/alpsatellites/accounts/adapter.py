"""django-allauth, the platform's way: a new account keeps the language it signed up in, and
allauth's e-mails (address confirmation, password reset) go out in the recipient's language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.language = language
        return super().save_user(request, user, form, commit)

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        language = user.language if user is not None else translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
