"""Reads of the public site go to read replicas; everything else to the primary.

Only anonymous-facing GET/HEAD requests outside the admin read from a replica: a curator who
has just saved must see their own write, and replicas lag. Background jobs (the importer)
and writes always use the primary.
"""

import contextvars
import random

from django.conf import settings

_public_read = contextvars.ContextVar("heritage_public_read", default=False)

PRIMARY_ONLY_PREFIXES = ("/admin/",)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if settings.DATABASE_REPLICAS and _public_read.get():
            return random.choice(settings.DATABASE_REPLICAS)
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas follow the primary's schema through replication, never by migrate.
        return db == "default"


class PublicReadsMiddleware:
    """Marks a request's reads as safe to serve from a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = request.method in ("GET", "HEAD") and not request.path.startswith(
            PRIMARY_ONLY_PREFIXES
        )
        token = _public_read.set(public)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)
