"""The project's settings plus a bare endpoint, for the load benchmarks' floor.

    serve(database, settings_module="bench.support.floor_settings")

`/bench/floor/` answers a 2-byte HttpResponse through the same middleware, worker and database
connection setup as every page, so "page / floor" shows what the page itself costs. With
BENCH_CACHE=none in the environment the cache is Django's dummy cache: every request is a miss,
the figures of the app without its caches, measured the same way. BENCH_CACHE_ENTRIES=N gives
the local-memory cache room for N entries instead of its default 300; BENCH_REDIS_URL makes the
cache Redis there (one cache shared by every worker, as docker-compose deploys it).
"""

import os

from backend.settings import *  # noqa: F403 (the project's settings, then the changes below)

ROOT_URLCONF = "bench.support.floor_urls"

if os.environ.get("BENCH_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["BENCH_REDIS_URL"],
        }
    }
elif os.environ.get("BENCH_CACHE") == "none":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif os.environ.get("BENCH_CACHE_ENTRIES"):
    CACHES = {
        **CACHES,
        "default": {
            **CACHES["default"],
            "OPTIONS": {"MAX_ENTRIES": int(os.environ["BENCH_CACHE_ENTRIES"])},
        },
    }
