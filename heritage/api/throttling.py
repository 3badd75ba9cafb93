"""Anonymous throttling whose rate is read from settings on every request."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

# Set on a request once the throttle has counted it (response_cache.SentAnswerMiddleware counts
# API requests before DRF runs), so that DRF's own check does not count it a second time.
ADMITTED = "heritage_throttle_admitted"


class AnonymousApiThrottle(AnonRateThrottle):
    """Throttle by client address at `settings.API_ANON_THROTTLE_RATE` ("600/min"; empty
    disables it). DRF's own AnonRateThrottle freezes its rates when first imported, so a
    changed setting would be ignored; this one reads the setting when it is used.

    Works on a Django request as well as on DRF's: the API authenticates nobody (every
    reader is anonymous), so the client address alone is the key."""

    scope = "anon"

    def get_rate(self):
        return settings.API_ANON_THROTTLE_RATE or None

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view):
        if getattr(request, ADMITTED, False):
            return True
        return super().allow_request(request, view)


def admit(request) -> bool:
    """Count a Django request against the throttle before DRF runs; False when over the
    rate (the request is then left to DRF, which refuses it with its Retry-After)."""
    if not settings.API_ANON_THROTTLE_RATE:
        return True
    if not AnonymousApiThrottle().allow_request(request, None):
        return False
    setattr(request, ADMITTED, True)
    return True
