"""The client's address behind reverse proxies (backend/client_ip.py), which the login lockout
counts per: never a forged X-Forwarded-For entry, never the proxy's own address."""

import pytest
from django.test import RequestFactory

from backend.client_ip import client_ip


def request(forwarded: str | None = None, remote: str = "172.18.0.5"):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/login/", **headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        # Reached directly: the header is the client's own words, ignored.
        (0, "203.0.113.9", "172.18.0.5"),
        # Behind nginx, which appends the address it was reached from.
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "203.0.113.9, 198.51.100.7", "198.51.100.7"),  # the left one is forged
        # A load balancer in front of nginx: the client is second from the right.
        (2, "203.0.113.9, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (2, "198.51.100.7", "198.51.100.7"),  # fewer hops than proxies: the left-most
        (1, None, "172.18.0.5"),  # no header at all: the connection's address
        (1, " , ", "172.18.0.5"),
    ],
)
def test_client_address_counts_trusted_proxies_from_the_right(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies

    assert client_ip(request(forwarded)) == expected


def test_the_lockout_uses_it(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = 1

    assert get_client_ip_address(request("203.0.113.9, 198.51.100.7")) == "198.51.100.7"
