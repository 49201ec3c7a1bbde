"""With REDIS_URL, every app instance shares one cache: what one process stores or deletes,
another sees. Runs a real redis-server (tests/redis_server.py)."""

import pytest

from tests.django_process import run_django
from tests.redis_server import running_redis


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    yield from running_redis(tmp_path_factory.mktemp("redis"))


def in_an_instance(redis_url: str, code: str) -> str:
    """Run `code` in a fresh Django process configured like an app instance with REDIS_URL."""
    result = run_django(
        f"import django; django.setup(); from django.core.cache import cache; {code}",
        {"REDIS_URL": redis_url},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_what_one_instance_caches_another_reads_and_a_deletion_reaches_all(redis_url):
    in_an_instance(redis_url, "cache.set('kiosk-page', 'booked until 18:00', 60)")

    assert in_an_instance(redis_url, "print(cache.get('kiosk-page'))") == "booked until 18:00"

    in_an_instance(redis_url, "cache.delete('kiosk-page')")
    assert in_an_instance(redis_url, "print(cache.get('kiosk-page'))") == "None"


def test_counters_add_up_across_instances(redis_url):
    # What the throttles and the kiosk's failed check-in count rely on: add, then incr.
    count = "cache.add('failures', 0, 60); print(cache.incr('failures'))"

    assert [in_an_instance(redis_url, count) for _ in range(3)] == ["1", "2", "3"]
