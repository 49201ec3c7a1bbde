from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from backend.api.tokens import TokenView

app_name = "api"

v1 = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("", include("facilities.api.urls")),
    path("", include("bookings.api.urls")),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
