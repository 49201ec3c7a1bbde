"""Password reset by e-mail: Django's views, with the e-mail in the user's language and the
login lock lifted once a new password is set. These routes come before django.contrib.auth.urls
(backend/urls.py), so they answer at the same addresses and names."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import path

from accounts.forms import LocalizedPasswordResetForm
from accounts.throttling import login_lock_lift


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        login_lock_lift(username=form.user.get_username())
        return response


urlpatterns = [
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=LocalizedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
