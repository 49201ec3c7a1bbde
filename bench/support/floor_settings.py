"""The project's settings plus a bare endpoint, for the load benchmarks' floor.

    serve(database, settings_module="bench.support.floor_settings")

`/bench/floor/` answers a 2-byte HttpResponse through the same middleware, worker and database
connection setup as every page, so "page / floor" shows what the page itself costs. With
BENCH_CACHE=none in the environment the cache is Django's dummy cache: every request is a miss,
the figures of the app without its caches, measured the same way.
"""

import os

from backend.settings import *  # noqa: F403 (the project's settings, then the changes below)

ROOT_URLCONF = "bench.support.floor_urls"

if os.environ.get("BENCH_CACHE") == "none":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
