"""The OpenAPI schema documents every error an operation can answer with, in one shape."""

from drf_spectacular.openapi import AutoSchema

from backend.api.errors import ErrorSerializer

UNSAFE = frozenset({"POST", "PUT", "PATCH"})


class ApiSchema(AutoSchema):
    """AutoSchema plus the error responses every operation shares.

    401/403/404/429 can answer any request (a bad token, a CSRF failure on a session, an
    unknown id or page, too many requests); 400 any that takes input; 409 the operations of
    views that set `may_conflict = True` (a booking clash, or a state that forbids the action).
    """

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            responses.setdefault(
                code, self._get_response_for_code(ErrorSerializer, code, direction=direction)
            )
        return responses

    def _error_codes(self) -> list[str]:
        codes = ["401", "403", "404", "429"]
        takes_query = any(p.get("in") == "query" for p in self._get_parameters())
        if self.method in UNSAFE or takes_query:
            codes.append("400")
        if self.method in UNSAFE | {"DELETE"} and getattr(self.view, "may_conflict", False):
            codes.append("409")
        return sorted(codes)
