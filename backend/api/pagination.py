"""Every list is paged, so no request can ask for a whole table."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

BAD_PAGE_SIZE = _("Give a whole number from 1 to %(max)s.")
BAD_PAGE = _("Give a page number: a whole number from 1.")


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Request) -> int:
        """DRF quietly ignores a page size it cannot read; we say so, like any bad input."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not _whole(raw) or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [BAD_PAGE_SIZE % {"max": self.max_page_size}]}
            )
        return int(raw)

    def get_page_number(self, request: Request, paginator: object) -> int:
        """DRF reads an empty ?page= as the first page; it is bad input. A page past the end
        stays a 404, as the schema documents."""
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if not _whole(raw) or int(raw) < 1:
            raise ValidationError({self.page_query_param: [str(BAD_PAGE)]})
        return int(raw)


def _whole(raw: str) -> bool:
    return raw.isascii() and raw.isdigit()
