"""The admin start page's "what needs doing" panel."""

from django import template
from django.urls import reverse

from heritage.models import DamageReport, HeritageSite
from sources.models import ImportRun

register = template.Library()
RECENT_RUNS = 5


@register.inclusion_tag("admin/heritage/dashboard.html", takes_context=True)
def curation_dashboard(context):
    """Counts and links for the queue, flagged reports, candidate sites and recent imports,
    each shown only to users who may view that kind of record."""
    user = context["request"].user
    data = {"show": False}
    if user.has_perm("heritage.view_damagereport"):
        data.update(
            show=True,
            reports_url=reverse("admin:heritage_damagereport_changelist"),
            pending=DamageReport.objects.pending().count(),
            flagged=DamageReport.objects.filter(needs_another_look=True).count(),
        )
    if user.has_perm("heritage.view_heritagesite"):
        data.update(
            show=True,
            sites_url=reverse("admin:heritage_heritagesite_changelist"),
            candidates=HeritageSite.objects.candidates().count(),
        )
    if user.has_perm("sources.view_importrun"):
        data.update(
            show=True,
            runs_url=reverse("admin:sources_importrun_changelist"),
            runs=list(ImportRun.objects.order_by("-started_at")[:RECENT_RUNS]),
        )
    return data
