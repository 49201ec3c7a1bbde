"""The OpenAPI schema and its documentation page are served, complete and self-hosted."""

import re

from django.test import Client


def test_the_schema_is_served_as_openapi_3(db):
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/auth/token/" in schema["paths"]


def test_every_operation_documents_the_error_body(db):
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    undocumented = [
        f"{method.upper()} {path} {status}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in {"get", "post", "put", "patch", "delete"}
        for status in ("401", "404", "429")
        if "Error" not in str(operation["responses"].get(status, {}))
    ]
    assert undocumented == []


def test_the_docs_page_loads_swagger_ui_from_this_site_not_a_cdn(db):
    html = Client().get("/api/docs/").content.decode()

    assert "swagger-ui" in html
    assert "/static/drf_spectacular_sidecar/" in html
    # No script, stylesheet or image from another host (a CDN). Not a search for "cdn": the
    # page's random CSRF token spelled it once.
    assert re.findall(r"""(?:src|href)\s*[=:]\s*["'](?:https?:)?//""", html) == []
    assert not any(host in html for host in ("jsdelivr", "unpkg", "cdnjs"))
