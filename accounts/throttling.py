"""Login throttling with django-axes: wrong passwords lock out one username from one address.

The settings (backend/settings.py, "Login throttling") say how many tries and for how long; this
module holds the three project-specific pieces axes calls, and the lift after a password reset.
"""

from axes.backends import AxesStandaloneBackend
from axes.utils import reset as axes_reset
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses a locked-out username+address before any password is checked.

    Only web requests are throttled: `authenticate()` without a request (a management command,
    a script in the shell) has no address to lock, so it goes straight to the next backend
    instead of failing the way axes' own backend does.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def lockout_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The username a failure is counted against: "Karen", " karen" and "KAREN" are one.

    Without this an attacker would get a fresh set of tries per spelling of the same name.
    """
    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get(settings.AXES_USERNAME_FORM_FIELD) if source else None
    if not isinstance(username, str):
        return None
    return username.strip().lower() or None


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The page a locked-out login attempt gets (429), on the login page and the admin's."""
    return TemplateResponse(
        request,
        "accounts/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": settings.AXES_COOLOFF_MINUTES,
        },
        status=429,
    ).render()


def login_lock_lift(*, username: str) -> None:
    """Forget the failed tries for `username` from every address.

    Called when its owner has set a new password through the e-mail link: whoever did that
    holds the account's e-mail, so the lock has no one left to keep out.
    """
    axes_reset(username=username.strip().lower())
