"""Small helpers every admin module uses: links to admin pages, the source count, and the
intermediate page of actions that need more input."""

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse

from heritage.models import Evidence


def admin_url(obj, action="change") -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[obj.pk])


def with_source_count(queryset):
    """Annotate each report with how many distinct sources its evidence quotes."""
    sources = (
        Evidence.objects.filter(report=OuterRef("pk"))
        .order_by()
        .values("report")
        .annotate(count=Count("source", distinct=True))
        .values("count")
    )
    return queryset.annotate(
        source_count=Coalesce(Subquery(sources), 0, output_field=IntegerField())
    )


def render_action_page(model_admin, request, queryset, form, *, action, title, intro, button):
    """The intermediate page of an action that needs more input (a reason, a choice)."""
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "button": button,
        "form": form,
        "objects": queryset,
        "action": action,
        "opts": opts,
        "media": model_admin.media + form.media,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "subtitle": None,
    }
    return TemplateResponse(request, "admin/heritage/action_form.html", context)
