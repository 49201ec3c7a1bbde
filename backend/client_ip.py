"""The client's address behind reverse proxies, for the login lockout (django-axes).

The same rule as the API throttles (Django REST framework's NUM_PROXIES): with N trusted
proxies, each appending the address it was reached from to X-Forwarded-For, the client is the
N-th address from the right. Addresses further left came from the client itself and may be
forged, so they are never used.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count == 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if not hops:
        return remote
    return hops[-min(count, len(hops))]
