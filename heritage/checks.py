"""System checks that keep an unsafe configuration from serving."""

from django.conf import settings
from django.core.checks import Error, register

MISSING_KEY_MESSAGE = (
    "DJANGO_SECRET_KEY is not set. Set it to a long random string in production "
    "(or DJANGO_DEBUG=1 for local development)."
)


@register
def secret_key_set_in_production(app_configs, **kwargs):
    if settings.SECRET_KEY_MISSING and not settings.DEBUG:
        return [Error(MISSING_KEY_MESSAGE, id="heritage.E001")]
    return []
