"""The person's own settings: the language the platform writes to them in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _

from .forms import LanguageForm
from .services import user_language_set


@login_required
def account_language(request):
    form = LanguageForm(request.POST or None, initial={"language": request.user.language})
    if request.method == "POST":
        if form.is_valid():
            language = form.cleaned_data["language"]
            user_language_set(user=request.user, language=language)
            with translation.override(language):
                messages.success(request, _("Your language is saved."))
            return redirect(translate_url(reverse("account-language"), language))
        return render(request, "accounts/language.html", {"form": form}, status=400)
    return render(request, "accounts/language.html", {"form": form})
