"""The forms of the account pages: sign-up, and the password reset e-mail in the user's language."""

import re

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import EMAIL_TAKEN

PHONE_INVALID = _("Enter a phone number: at least 8 digits; spaces and a leading + are fine.")
RESET_EMAIL_TEMPLATES = "registration/email"
_PHONE = re.compile(r"\+?[0-9 ()-]+")


def language_choices() -> list[tuple[str, str]]:
    """Each language named in itself ("Dansk", "English"): the reader may not know the other."""
    return [
        (code, get_language_info(code)["name_local"].capitalize())
        for code, _name in settings.LANGUAGES
    ]


class SignUpForm(UserCreationForm):
    """A citizen's new account. Every field's error is shown next to it; nothing is saved here:
    the view hands the cleaned data to accounts.services.user_sign_up."""

    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=language_choices,
        widget=forms.RadioSelect,
        help_text=_("The language of the e-mails we send you."),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email", "phone", "language")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.fields["email"].help_text = _(
            "We send booking confirmations here, and a link if you forget your password."
        )
        self.fields["phone"].help_text = _("Optional. For the staff, should they need you.")
        autocomplete = {
            "first_name": "given-name",
            "last_name": "family-name",
            "email": "email",
            "phone": "tel",
        }
        for name, token in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = token
        self.fields["phone"].widget.input_type = "tel"
        self.fields["username"].widget.attrs.pop("autofocus", None)

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"].strip())
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(EMAIL_TAKEN, code="email_taken")
        return email

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = sum(character.isdigit() for character in phone)
        if phone and (not _PHONE.fullmatch(phone) or digits < 8):
            raise forms.ValidationError(PHONE_INVALID, code="phone_invalid")
        return phone


class LocalizedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the e-mail is written in the recipient's language (User.language),
    whatever the language of the page that asked for it, and its link starts with SITE_URL rather
    than the request's host. Like the booking e-mails, each language has its own templates
    (templates/registration/email/<language>/)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        user = context["user"]
        language = user.language if user.language in dict(settings.LANGUAGES) else None
        language = language or settings.LANGUAGE_CODE
        link = reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        context = {
            **context,
            "url": settings.SITE_URL + link,
            "site_url": settings.SITE_URL,
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        with translation.override(language):
            super().send_mail(
                f"{RESET_EMAIL_TEMPLATES}/{language}/password_reset_subject.txt",
                f"{RESET_EMAIL_TEMPLATES}/{language}/password_reset_body.txt",
                context,
                from_email,
                to_email,
                html_email_template_name,
            )
