"""The project's settings with bench/support/bare_create.py's endpoint added to its URLs, for
bench/booking_create.py's server (bench.support.server.serve(settings_module=...)). Both the
API and the bare create are then served by the same processes."""

from backend.settings import *  # noqa: F403

ROOT_URLCONF = "bench.support.bare_create"

# The contention phase's hundreds of 409s would each log a "Conflict" warning on the console.
LOGGING = {
    **LOGGING,  # noqa: F405
    "loggers": {**LOGGING["loggers"], "django.request": {"level": "ERROR"}},  # noqa: F405
}
