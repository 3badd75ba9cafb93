"""Choosing the response format: `?format=` when given, else the Accept header."""

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation

from heritage.api.parameters import EMPTY_MESSAGE


class ExplicitFormatNegotiation(DefaultContentNegotiation):
    """An explicit `?format=` is the consumer's choice and wins over the Accept header.

    DRF narrows the renderers to the named format and then still matches them against
    Accept, so `?format=csv` from an HTTP client that sends `Accept: application/json` on
    every request (requests sessions, axios defaults, many SDKs) answered 406. A format the
    endpoint does not offer is a bad parameter value like any other (400 naming it), not a
    404 as in DRF."""

    def select_renderer(self, request, renderers, format_suffix=None):
        chosen = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if chosen is None:
            return super().select_renderer(request, renderers, format_suffix)
        for renderer in renderers:
            if renderer.format == chosen:
                return renderer, renderer.media_type
        offered = ", ".join(renderer.format for renderer in renderers)
        message = f"Choose one of: {offered}." if chosen.strip() else EMPTY_MESSAGE
        raise exceptions.ValidationError({self.settings.URL_FORMAT_OVERRIDE: [message]})
