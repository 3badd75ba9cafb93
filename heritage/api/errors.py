"""One error body for every API failure, so that clients can rely on its shape:

    {"status": 404, "code": "not_found", "detail": "Not found."}

400s add `errors` ({parameter: [messages]}); 429s add `retry_after` (seconds).
"""

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    """DRF exception handler that wraps every error in the stable body described above."""
    if isinstance(exc, Http404):
        # Django's 404 (from get_object_or_404) carries a message naming the model; a hidden
        # record and one that never existed must answer alike.
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    body = {"status": response.status_code}
    if isinstance(exc, exceptions.ValidationError):
        body["code"] = "invalid"
        body["detail"] = "Some query parameters are not valid."
        body["errors"] = exc.detail if isinstance(exc.detail, dict) else {"_": exc.detail}
    else:
        detail = getattr(exc, "detail", "")
        body["code"] = getattr(detail, "code", None) or _code_for(response.status_code)
        body["detail"] = str(detail)
    if isinstance(exc, exceptions.Throttled):
        body["retry_after"] = exc.wait and int(exc.wait + 0.999)
    response.data = body
    return response


def _code_for(status_code: int) -> str:
    return {
        status.HTTP_404_NOT_FOUND: "not_found",
        status.HTTP_405_METHOD_NOT_ALLOWED: "method_not_allowed",
        status.HTTP_429_TOO_MANY_REQUESTS: "throttled",
    }.get(status_code, "error")


def not_found_response() -> Response:
    return Response(
        {"status": 404, "code": "not_found", "detail": str(exceptions.NotFound.default_detail)},
        status=404,
    )
