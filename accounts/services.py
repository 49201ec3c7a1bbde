"""Writes on user accounts: a citizen signing up."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User

EMAIL_TAKEN = _(
    "An account with this e-mail address already exists. Log in, or choose a new password."
)
USERNAME_TAKEN = _("A user with that username already exists.")


def user_sign_up(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    language: str,
    phone: str = "",
) -> User:
    """Create a citizen's account (no roles: buildings and associations are granted elsewhere).

    E-mail addresses and usernames are unique regardless of case, so a password reset by
    e-mail reaches one person and "Karen" cannot sign up beside "karen".
    """
    email = User.objects.normalize_email(email.strip())
    with transaction.atomic():
        # Race: two sign-ups with one address at the same moment. On SQLite the IMMEDIATE
        # transaction serialises them, so this check sees the first; on PostgreSQL the unique
        # index on lower(email) refuses the second (IntegrityError, answered like the check).
        errors = {}
        if User.objects.filter(email__iexact=email).exists():
            errors["email"] = EMAIL_TAKEN
        if User.objects.filter(username__iexact=username).exists():
            errors["username"] = USERNAME_TAKEN
        if errors:
            raise ValidationError(errors)
        user = User(
            username=username,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email,
            phone=phone.strip(),
            language=language,
        )
        user.set_password(password)
        user.full_clean()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise ValidationError({"email": EMAIL_TAKEN}) from None
    return user
