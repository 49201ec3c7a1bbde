"""The CSV and PDF links of a report page: the same options (query string) as the page."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True, slots=True)
class Download:
    label: str
    kind: str  # "CSV" or "PDF": says what the link gives before it is followed
    href: str


def download(
    request: HttpRequest,
    label: Promise | str,
    kind: str,
    name: str,
    *args: object,
    extra: dict[str, str] | None = None,
) -> Download:
    """`extra` adds to the page's query (say, which rows a CSV has)."""
    params = request.GET.copy()
    for key, value in (extra or {}).items():
        params[key] = value
    query = params.urlencode()
    url = reverse(name, args=args)
    return Download(str(label), kind, f"{url}?{query}" if query else url)
