"""Anonymous throttling whose rate is read from settings on every request."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousApiThrottle(AnonRateThrottle):
    """Throttle by client address at `settings.API_ANON_THROTTLE_RATE` ("600/min"; empty
    disables it). DRF's own AnonRateThrottle freezes its rates when first imported, so a
    changed setting would be ignored; this one reads the setting when it is used."""

    scope = "anon"

    def get_rate(self):
        return settings.API_ANON_THROTTLE_RATE or None
