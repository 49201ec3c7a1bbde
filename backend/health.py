"""`/healthz/`: is this instance able to serve? For the containers' health checks and a load
balancer: cheap (no template, no booking read), and it fails when the database or the shared
cache does, which every page needs."""

import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    failed = [name for name, check in (("database", _database), ("cache", _cache)) if not check()]
    if failed:
        return HttpResponse(
            "unhealthy: " + ", ".join(failed) + "\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _cache() -> bool:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        answer = cache.get(key)
        cache.delete(key)
    except Exception:  # any backend's error means the cache is not usable
        return False
    return answer == value
