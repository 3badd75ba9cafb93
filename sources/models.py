"""Where reports come from: the articles (Source), who makes claims in them (Actor), and
the import runs that brought them in."""

import hashlib
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from heritage.history import HistoryManager
from heritage.text import normalize_name


def normalize_text_for_hash(text: str) -> str:
    """The form of an article's text that its content hash is taken over: Unicode NFC, all
    whitespace runs as one space, so the same article re-saved or re-wrapped hashes the same."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize_text_for_hash(text).encode("utf-8")).hexdigest()


class ImportRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        PARTIAL = "partial", "Finished with errors"
        FAILED = "failed", "Failed"

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when a scheduled job ran it.",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    arguments = models.JSONField(default=dict, blank=True, help_text="The command line given.")
    status = models.CharField(max_length=16, choices=Status, default=Status.RUNNING)
    files_total = models.PositiveIntegerField(default=0)
    files_failed = models.PositiveIntegerField(default=0)
    sources_created = models.PositiveIntegerField(default=0)
    sources_skipped = models.PositiveIntegerField(
        default=0, help_text="Articles already imported before (same text)."
    )
    reports_created = models.PositiveIntegerField(default=0)
    evidence_added = models.PositiveIntegerField(default=0)
    sites_created = models.PositiveIntegerField(
        default=0, help_text="Candidate sites discovered, hidden until a curator accepts them."
    )
    errors = models.JSONField(
        default=list, blank=True, help_text='One entry per failed file: {"file": …, "error": …}.'
    )

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            # The admin start page lists the latest runs.
            models.Index(fields=["-started_at"], name="sources_importrun_recent"),
        ]

    def __str__(self):
        return f"Import #{self.pk} ({self.started_at:%Y-%m-%d %H:%M}, {self.status})"


class SourceQuerySet(models.QuerySet):
    def cited(self):
        """Sources cited by at least one published report: the only ones the public sees."""
        from heritage.models import DamageReport

        # A correlated EXISTS over the published reports quoting this source: the planner
        # walks the evidence index per source. The earlier `report__in=published` form made
        # SQLite re-run the published subquery per row (minutes on 20,000 sources).
        return self.filter(
            Exists(DamageReport.objects.published().filter(evidence__source=OuterRef("pk")))
        )

    def awaiting_review(self):
        """Articles with at least one claim still to decide, oldest import first: the review
        desk's order."""
        from heritage.models import DamageReport, Evidence

        open_claims = Evidence.objects.filter(
            source=OuterRef("pk"), report__in=DamageReport.objects.awaiting_review()
        )
        return self.filter(Exists(open_claims)).order_by("created_at", "id")

    def with_published_report_count(self):
        """Annotate `published_report_count`: how many published reports cite the source."""
        from heritage.models import DamageReport

        counts = (
            DamageReport.objects.published()
            .filter(evidence__source=OuterRef("pk"))
            .order_by()
            .values("evidence__source")
            .annotate(n=Count("pk", distinct=True))
            .values("n")
        )
        return self.annotate(
            published_report_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0)
        )


class Source(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", "News report"
        OFFICIAL = "official", "Official statement"
        NGO_REPORT = "ngo_report", "NGO report"
        IMAGERY = "imagery", "Satellite or aerial imagery"
        SOCIAL_MEDIA = "social_media", "Social media"
        OTHER = "other", "Other"

    class Reliability(models.TextChoices):
        """The Admiralty (NATO) source-reliability grades."""

        A = "A", "A: completely reliable"
        B = "B", "B: usually reliable"
        C = "C", "C: fairly reliable"
        D = "D", "D: not usually reliable"
        E = "E", "E: unreliable"
        F = "F", "F: reliability cannot be judged"

    class PublishedPrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month only"
        YEAR = "year", "Year only"

    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(
        max_length=200, blank=True, db_index=True, help_text="The publication: Reuters, BBC News."
    )
    url = models.URLField(max_length=1000, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text="Relative dates in the text are read against this day. When only the month or "
        "the year is known, the first day of it, with the precision below.",
    )
    published_precision = models.CharField(
        max_length=5,
        choices=PublishedPrecision.choices,
        default=PublishedPrecision.DAY,
        help_text="How much of the publication date is known: the day, only the month, or only "
        "the year (news archives often give no more).",
    )
    language = models.CharField(max_length=16, default="en", help_text="BCP 47 code, e.g. en.")
    text = models.TextField(help_text="The cleaned full text, as the importer read it.")
    content_hash = models.CharField(
        max_length=64,
        editable=False,
        help_text="SHA-256 of the normalized text: the same article is never imported twice.",
    )
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.NEWS)
    reliability = models.CharField(
        max_length=1,
        choices=Reliability,
        default=Reliability.F,
        help_text="Grade the outlet's track record (Admiralty scale), not this one claim.",
    )
    original_name = models.CharField(
        max_length=500, blank=True, help_text="The file it was imported from."
    )
    syndicated_from = models.CharField(
        max_length=200,
        blank=True,
        help_text="The news agency whose copy this is (from a credit line such as "
        '"TRTWorld, Reuters"). Copies of one agency\'s story count once as corroboration.',
    )
    import_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="sources"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["text"], history_manager=HistoryManager)
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "id"]
        constraints = [
            # The importer's idempotency rests on this.
            models.UniqueConstraint(
                fields=["content_hash"], name="sources_source_unique_content_hash"
            ),
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="sources_source_unique_url"
            ),
        ]
        indexes = [
            models.Index(fields=["published_on"], name="sources_source_published_on"),
        ]

    def __str__(self):
        label = self.title or self.original_name or f"Source #{self.pk}"
        if self.outlet:
            label = f"{self.outlet}: {label}"
        return label[:120]

    def save(self, *args, **kwargs):
        self.content_hash = content_hash(self.text)
        super().save(*args, **kwargs)

    def clean(self):
        self.content_hash = content_hash(self.text)
        errors = {}
        if not self.text.strip():
            errors["text"] = "A source needs its text."
        clash = Source.objects.exclude(pk=self.pk)
        if self.content_hash and clash.filter(content_hash=self.content_hash).exists():
            errors["text"] = "A source with this exact text is already in the database."
        if self.url and clash.filter(url=self.url).exists():
            errors["url"] = "A source with this address is already in the database."
        if errors:
            raise ValidationError(errors)

    def published_text(self, *, long: bool = False) -> str:
        """The publication date as precisely as it is known: "27 Mar 2016", "Mar 2015", "2015"
        ("27 March 2016", "March 2015" when `long`)."""
        if self.published_on is None:
            return ""
        month = "%B" if long else "%b"
        formats = {self.PublishedPrecision.MONTH: f"{month} %Y", self.PublishedPrecision.YEAR: "%Y"}
        return self.published_on.strftime(formats.get(self.published_precision, f"%-d {month} %Y"))

    @property
    def published_label(self) -> str:
        return self.published_text()

    @property
    def published_iso(self) -> str:
        """The same in ISO 8601 ("2016-03-27", "2015-03", "2015"), for <time datetime>."""
        if self.published_on is None:
            return ""
        length = {self.PublishedPrecision.MONTH: 7, self.PublishedPrecision.YEAR: 4}
        return self.published_on.isoformat()[: length.get(self.published_precision, 10)]


class ActorQuerySet(models.QuerySet):
    def attributed(self):
        """Actors to whom published evidence attributes a claim: the only ones the public sees."""
        from heritage.models import DamageReport, Evidence

        published = DamageReport.objects.published()
        return self.filter(
            Exists(Evidence.objects.filter(attributed_to=OuterRef("pk"), report__in=published))
        )

    def with_published_claim_count(self):
        """Annotate `published_claim_count`: published evidence rows attributed to the actor."""
        from heritage.models import DamageReport, Evidence

        counts = (
            Evidence.objects.filter(
                attributed_to=OuterRef("pk"), report__in=DamageReport.objects.published()
            )
            .order_by()
            .values("attributed_to")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            published_claim_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0)
        )


class Actor(models.Model):
    class Kind(models.TextChoices):
        OFFICIAL = "official", "Official or authority"
        MONITORING_GROUP = "monitoring_group", "Monitoring group"
        NEWS_AGENCY = "news_agency", "News agency or outlet"
        ARMED_GROUP = "armed_group", "Armed group or military"
        INTERNATIONAL_ORG = "international_org", "International organisation"
        WITNESS = "witness", "Witness or resident"
        IMAGERY_PROVIDER = "imagery_provider", "Imagery provider"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True, help_text="The name to show and cite.")
    kind = models.CharField(max_length=32, choices=Kind, default=Kind.OTHER)
    description = models.CharField(
        max_length=300, blank=True, help_text='Their role: "Syria\'s director of antiquities".'
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ActorAlias(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(
        max_length=200, help_text='A spelling sources use: "Mamoun Abdelkarim".'
    )
    normalized = models.CharField(max_length=200, editable=False)

    class Meta:
        verbose_name_plural = "actor aliases"
        ordering = ["actor", "name"]
        constraints = [
            # One spelling names one actor: the importer resolves claimants through this.
            models.UniqueConstraint(fields=["normalized"], name="sources_actoralias_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} → {self.actor}"

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        self.normalized = normalize_name(self.name)
        if not self.normalized:
            raise ValidationError({"name": "An alias needs at least one letter."})
        clash = ActorAlias.objects.filter(normalized=self.normalized).exclude(pk=self.pk).first()
        if clash:
            raise ValidationError({"name": f"That spelling already names {clash.actor}."})
