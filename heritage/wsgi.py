"""WSGI entry point (gunicorn heritage.wsgi)."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heritage.settings")

application = get_wsgi_application()

if settings.SECRET_KEY_MISSING and not settings.DEBUG:
    from heritage.checks import MISSING_KEY_MESSAGE

    raise ImproperlyConfigured(MISSING_KEY_MESSAGE)

# Import the URLconf (the views, DRF and what they import) and build its reverse lookups now,
# as the worker starts, rather than in its first request: that took about half a second, and
# every client that reached a new worker first waited for it. Nothing here opens a database
# connection.
_resolver = get_resolver()
_resolver.url_patterns, _resolver.reverse_dict  # noqa: B018
