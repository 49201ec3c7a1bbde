"""Settings for the test suite: the real settings, made fast and hermetic."""

from backend.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests serve static files through the finders; there is no collected STATIC_ROOT.
STATIC_ROOT = None

# A file, not shared-cache memory: the race tests need real SQLite locking between threads
# (BEGIN IMMEDIATE and busy timeouts). One file per process so parallel runs do not collide.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import os
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"borgernes-huse-test-{os.getpid()}.sqlite3")
    }

# The suite makes thousands of API requests from one address within minutes; the throttling
# tests set their own low rates (tests/backend/api/test_throttling.py).
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        "anon": "100000/minute",
        "user": "100000/minute",
        "auth": "100000/minute",
    },
}

# django-axes stays on, with its default database handler: the failed logins a test makes live in
# that test's transaction (or are flushed after a transactional one), so no lock leaks into the
# next test. tests/accounts/test_lockout.py proves the lock with the real limit.
