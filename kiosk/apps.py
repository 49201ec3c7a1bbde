from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KioskConfig(AppConfig):
    name = "kiosk"
    verbose_name = _("Kiosk")

    def ready(self) -> None:
        from kiosk import signals  # noqa: F401  (connects the receivers)
