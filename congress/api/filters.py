"""The API's filter backend: django-filter's, whose filter sets only check and apply the query."""

from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    """A list's filter set validates the query parameters and filters the queryset; its form is
    never rendered, so it checks them with its form class's fields instead of copies of them
    (`congress.filtersets.FilterSet.checks_only`). The browsable API's filter box (`to_html`) is a
    form that is shown and makes its own filter set."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        filterset.checks_only = True
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        return filterset.qs
