"""Sign-up for citizens: an account of their own, logged in straight away."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import SignUpForm
from accounts.services import user_sign_up

# Sign-up proves no password to the throttle, so the session is opened by the plain backend.
_BACKEND = "django.contrib.auth.backends.ModelBackend"


def safe_next(request: HttpRequest) -> str:
    """The `next` address if it leads back into this site; "" for anything else."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else ""


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or reverse("bookings:mine"))

    form = SignUpForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_sign_up(
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                language=data["language"],
                password=data["password1"],
            )
        except ValidationError as error:  # someone took the name or address a moment ago
            form.add_error(None, error)
        else:
            login(request, user, backend=_BACKEND)
            messages.success(
                request,
                _("Welcome, %(name)s! Your account is ready, and you are logged in.")
                % {"name": user.first_name},
            )
            return redirect(next_url or reverse("bookings:mine"))
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


urlpatterns = [
    path("signup/", signup, name="signup"),
]
