"""WSGI entry point (gunicorn heritage.wsgi)."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heritage.settings")

application = get_wsgi_application()

if settings.SECRET_KEY_MISSING and not settings.DEBUG:
    from heritage.checks import MISSING_KEY_MESSAGE

    raise ImproperlyConfigured(MISSING_KEY_MESSAGE)
