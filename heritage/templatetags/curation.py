"""The admin start page's "what needs doing" panel."""

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
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


@register.inclusion_tag("admin/date_hierarchy.html")
def cheap_date_hierarchy(cl):
    """Django's date drill-down, except that the first level lists every year between the
    earliest and latest date instead of asking the database which years occur: that
    question (SELECT DISTINCT over every row) takes half a second at 100,000 reports.
    Below the year level the rows are few and Django's own queries are used."""
    field = cl.date_hierarchy
    if any(cl.params.get(f"{field}__{part}") for part in ("year", "month", "day")):
        return date_hierarchy(cl)
    # The whole table's range, not the filtered list's: two index lookups whatever the filters.
    dates = cl.model._default_manager.filter(**{f"{field}__isnull": False}).values_list(
        field, flat=True
    )
    first = dates.order_by(field).first()
    last = dates.order_by(f"-{field}").first()
    if first is None:
        return {"show": False}
    if first.year == last.year:
        return date_hierarchy(cl)
    return {
        "show": True,
        "back": None,
        "choices": [
            {
                "link": cl.get_query_string({f"{field}__year": str(year)}, [f"{field}__"]),
                "title": str(year),
            }
            for year in range(first.year, last.year + 1)
        ],
    }
