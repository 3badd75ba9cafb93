from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from sources.models import Actor, ActorAlias, ImportRun, Source


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "outlet", "published_on", "kind", "reliability", "import_run"]
    list_filter = ["kind", "reliability", "language"]
    list_select_related = ["import_run"]
    search_fields = ["title", "outlet", "url", "original_name"]
    date_hierarchy = "published_on"
    readonly_fields = ["content_hash", "import_run", "created_at", "updated_at"]
    # Addresses typed without a scheme are read as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1
    fields = ["name"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "description"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__normalized"]
    inlines = [ActorAliasInline]


@admin.register(ActorAlias)
class ActorAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "actor", "normalized"]
    list_select_related = ["actor"]
    search_fields = ["name", "normalized", "actor__name"]
    autocomplete_fields = ["actor"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["id", "started_at", "started_by", "status", "files_total", "files_failed"]
    list_filter = ["status"]
    list_select_related = ["started_by"]
    search_fields = ["id"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]

    def has_add_permission(self, request):
        return False  # runs are made by the import command
