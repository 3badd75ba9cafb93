"""Public pages."""

from django.shortcuts import redirect
from django.templatetags.static import static


def favicon(request):
    # Resolved per request: the hashed static name only exists after collectstatic.
    return redirect(static("heritage/favicon.svg"), permanent=True)
