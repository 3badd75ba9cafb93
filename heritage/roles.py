"""The two curation roles and exactly what each may do.

`manage.py setup_roles` makes the groups match this table, adding and removing permissions,
so running it again after a change here is how roles are updated.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

CURATORS = "Curators"
REVIEWERS = "Reviewers"

_EDIT = ("add", "change", "view")
# Curators edit everything a review touches. They may delete what is not yet public (the
# admin refuses to delete a published report, or the evidence of one, to anyone but
# superusers) but never sites or sources, which published work cites.
CURATOR_PERMISSIONS = {
    ("heritage", "heritagesite"): _EDIT,
    ("heritage", "sitealias"): (*_EDIT, "delete"),
    ("heritage", "damagereport"): (*_EDIT, "delete"),
    ("heritage", "evidence"): (*_EDIT, "delete"),
    # Settling a disagreement is a curator's edit; a settlement is replaced, never deleted.
    ("heritage", "settlement"): _EDIT,
    ("heritage", "photo"): (*_EDIT, "delete"),
    # Written by the review services only; curators read them.
    ("heritage", "reviewdecision"): ("view",),
    ("sources", "source"): _EDIT,
    ("sources", "actor"): _EDIT,
    ("sources", "actoralias"): (*_EDIT, "delete"),
    ("sources", "importrun"): ("view",),
}
REVIEWER_EXTRA = {("heritage", "damagereport"): ("publish",)}


def _codenames(table) -> set[tuple[str, str]]:
    return {
        (app, f"{action}_{model}") for (app, model), actions in table.items() for action in actions
    }


def role_permissions() -> dict[str, set[tuple[str, str]]]:
    """Group name → the (app_label, codename) pairs it holds, and no others."""
    curator = _codenames(CURATOR_PERMISSIONS)
    return {CURATORS: curator, REVIEWERS: curator | _codenames(REVIEWER_EXTRA)}


@transaction.atomic
def roles_setup() -> dict[str, int]:
    """Create or correct the groups; return how many permissions each holds. Idempotent."""
    counts = {}
    for name, wanted in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for app_label, codename in sorted(wanted):
            try:
                permissions.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
            except Permission.DoesNotExist:
                raise RuntimeError(
                    f"Permission {app_label}.{codename} is missing: run manage.py migrate first."
                ) from None
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts
