"""Request limits beyond DRF's per-visitor and per-user defaults (rates in settings)."""

from rest_framework.throttling import AnonRateThrottle


class AuthRateThrottle(AnonRateThrottle):
    """Password attempts at the token endpoint, counted per client address, logged in or not."""

    scope = "auth"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
