"""Page-number pagination for every list endpoint, with counts cached per data version."""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class CountCachingPaginator(Paginator):
    """Django's paginator, with the total read from the cache when `count_key` is given.

    COUNT(*) over a large filtered table is the most expensive query of a list page (it reads
    every matching row; the page reads 50). The key carries the data version (see
    caching.py), so any write anywhere makes every cached count unreachable: a count is
    never stale, only recomputed."""

    def __init__(self, *args, count_key=None, **kwargs):
        self.count_key = count_key
        super().__init__(*args, **kwargs)

    @cached_property
    def count(self):
        if self.count_key is None:
            return super().count
        total = cache.get(self.count_key)
        if total is None:
            total = super().count
            cache.set(self.count_key, total, settings.API_COUNT_CACHE_SECONDS)
        return total


def _whole_number_from_1(request, name: str) -> None:
    raw = request.query_params.get(name)
    if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) > 0):
        raise ValidationError({name: ["A whole number from 1."]})


class ApiPagination(PageNumberPagination):
    """`?page=N&page_size=M`: 50 a page by default, capped by `API_MAX_PAGE_SIZE`."""

    page_size_query_param = "page_size"

    @property
    def page_size(self):
        return settings.API_PAGE_SIZE

    @property
    def max_page_size(self):
        return settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request):
        # DRF falls back to the default on a bad value; a client asking for "abc" or 0 rows
        # has a bug it should hear about (400), like any other bad parameter.
        _whole_number_from_1(request, self.page_size_query_param)
        return super().get_page_size(request)

    def get_page_number(self, request, paginator):
        # DRF answers 404 to page=abc or 0 and reads page=last as the last page; the schema
        # says a whole number from 1, so anything else is a bad value (400). A page past the
        # last one is still a 404.
        _whole_number_from_1(request, self.page_query_param)
        return request.query_params.get(self.page_query_param) or 1

    def check_parameters(self, request) -> None:
        """Refuse a bad page or page size even where no page is cut (a download of every row):
        the schema declares them whole numbers from 1 whatever the format."""
        _whole_number_from_1(request, self.page_query_param)
        _whole_number_from_1(request, self.page_size_query_param)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Rows per page: {self.page_size} unless given, at most {self.max_page_size}."
                )
        return parameters

    def paginate_queryset(self, queryset, request, view=None):
        self.django_paginator_class = functools.partial(
            CountCachingPaginator, count_key=self._count_key(queryset, view)
        )
        return super().paginate_queryset(queryset, request, view)

    @staticmethod
    def _count_key(queryset, view):
        version = getattr(view, "data_version", None)
        if (
            version is None
            or not isinstance(queryset, QuerySet)
            or not settings.API_COUNT_CACHE_SECONDS
        ):
            return None
        sql, params = queryset.order_by().query.sql_with_params()
        digest = hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
        return f"heritage.api.count:{version.key}:{digest}"
