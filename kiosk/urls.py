from django.urls import path, register_converter
from django.urls.converters import StringConverter

from kiosk import views


class ShortCodeConverter(StringConverter):
    """A door sign's 8-character code; typed in lower case it still matches (and redirects)."""

    regex = r"[0-9A-Za-z]{8}"


register_converter(ShortCodeConverter, "sign_code")

app_name = "kiosk"
urlpatterns = [
    path("b/<int:building_id>/", views.lobby, name="lobby"),
    path("b/<int:building_id>/signs.pdf", views.building_signs, name="building_signs"),
    path("<sign_code:code>/", views.space, name="space"),
    path("<sign_code:code>/check-in/", views.check_in, name="check_in"),
    path("<sign_code:code>/qr.svg", views.qr_code_svg, name="qr_svg"),
    path("<sign_code:code>/qr.png", views.qr_code_png, name="qr_png"),
]
