"""Heritage sites and the damage done to them.

A HeritageSite is a place (Palmyra) or a monument inside one (the Temple of Bel). A
DamageReport is one event or condition at one site, backed by Evidence: quoted sentences
from Sources (see the `sources` app). A site's `status` is derived from its published reports
by `HeritageSite.refresh_status()`, the one place that rule lives.
"""

import uuid
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, Round
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from heritage.history import HistoryManager
from heritage.text import normalize_name

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", "Use the two-letter ISO 3166-1 code in capitals, e.g. SY for Syria."
)
wikidata_validator = RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata item id looks like Q5747.")
pleiades_validator = RegexValidator(r"^[0-9]+$", "A Pleiades place id is a number, e.g. 668331.")
unesco_validator = RegexValidator(r"^[0-9]+(bis|ter)?$", "The World Heritage List number, e.g. 23.")


class Extent(models.TextChoices):
    """How badly a site is damaged, after the UNOSAT damage scale."""

    DESTROYED = "destroyed", "Destroyed"
    SEVERE = "severe", "Severe damage"
    MODERATE = "moderate", "Moderate damage"
    MINOR = "minor", "Minor damage"
    NONE = "none", "No visible damage"
    UNKNOWN = "unknown", "Unknown"

    @property
    def severity(self) -> int:
        """Higher is worse; unknown ranks lowest so it never outranks an assessment."""
        return {
            "destroyed": 5,
            "severe": 4,
            "moderate": 3,
            "minor": 2,
            "none": 1,
            "unknown": 0,
        }[self.value]


class SiteQuerySet(models.QuerySet):
    def public(self):
        """Sites anyone may see: accepted by a curator (importer candidates start hidden)."""
        return self.filter(is_public=True)

    def candidates(self):
        """Sites the importer discovered that no curator has accepted yet."""
        return self.filter(is_public=False)

    def with_published_report_count(self):
        """Annotate `published_report_count`: the site's reports the public may see.

        A correlated subquery rather than a JOIN + COUNT, so that other annotations and
        filters on the same queryset never multiply rows."""
        counts = (
            DamageReport.objects.published()
            .filter(site=OuterRef("pk"))
            .order_by()
            .values("site")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            published_report_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0)
        )

    def with_status_report(self, *, as_of=None):
        """Annotate `status_report_id` and `status_extent`: the published report that sets
        the site's status (today, or as it stood on the date `as_of`) and its extent.

        The same rule as `HeritageSite.refresh_status()`, via `ReportQuerySet.status_order()`.
        """
        reports = DamageReport.objects.published().filter(site=OuterRef("pk"))
        if as_of is not None:
            reports = reports.as_of(as_of)
        deciding = reports.exclude(extent=Extent.UNKNOWN).status_order()
        return self.annotate(
            status_report_id=Subquery(deciding.values("pk")[:1]),
            status_extent=Coalesce(
                Subquery(deciding.values("extent")[:1]), Value(Extent.UNKNOWN.value)
            ),
        )

    def with_public_coordinates(self):
        """Annotate `public_latitude`/`public_longitude`: the coordinates as published, so
        that filters (a bounding box) cannot reveal more than the published figures do."""

        def public(field):
            return Case(
                When(
                    location_sensitive=True,
                    then=Round(F(field), SENSITIVE_COORDINATE_PLACES),
                ),
                default=F(field),
                output_field=models.DecimalField(max_digits=9, decimal_places=6),
            )

        return self.annotate(
            public_latitude=public("latitude"), public_longitude=public("longitude")
        )

    def with_report_stats(self):
        """Annotate `published_report_count` and `last_published_at` from published reports.

        Subqueries rather than joins, so other filters and annotations cannot multiply rows.
        """
        return self.with_last_published_at().with_published_report_count()

    def with_last_published_at(self):
        """Annotate `last_published_at`: when a report on the site was last published."""
        latest = (
            DamageReport.objects.published()
            .filter(site=OuterRef("pk"))
            .order_by(F("published_at").desc(nulls_last=True))
            .values("published_at")[:1]
        )
        return self.annotate(last_published_at=Subquery(latest))

    def with_published_reports(self):
        """Sites with at least one published report: what the home page shows by default,
        so a gazetteer of a thousand known sites does not bury the ones with news."""
        return self.filter(Exists(DamageReport.objects.published().filter(site=OuterRef("pk"))))

    def with_published_event(self, event_type: str):
        """Sites with at least one published report of this event type."""
        return self.filter(
            Exists(
                DamageReport.objects.published().filter(site=OuterRef("pk"), event_type=event_type)
            )
        )

    def with_public_parent_name(self):
        """Annotate `public_parent_name`: the parent's name, or None if the parent is hidden."""
        parents = HeritageSite.objects.public().filter(pk=OuterRef("parent_id"))
        return self.annotate(public_parent_name=Subquery(parents.values("name")[:1]))

    def matching_name(self, text: str):
        """Sites whose name or any alias contains `text` (ignoring case and accents on aliases)."""
        folded = normalize_name(text)
        if not folded:  # punctuation only: an empty fold would match every alias
            return self.filter(name__icontains=text.strip())
        aliases = SiteAlias.objects.filter(site=OuterRef("pk"), normalized__contains=folded)
        return self.filter(Q(name__icontains=text.strip()) | Exists(aliases))


# Decimal places kept in published coordinates of location-sensitive sites: one decimal
# degree is about 11 km of latitude, enough to map a site and too coarse to dig there.
SENSITIVE_COORDINATE_PLACES = 1


def public_coordinates(
    latitude: Decimal | None, longitude: Decimal | None, location_sensitive: bool
) -> tuple[Decimal | None, Decimal | None, bool]:
    """(latitude, longitude, rounded) as every public output shows them: rounded to
    SENSITIVE_COORDINATE_PLACES for a location-sensitive site, half away from zero as SQL
    ROUND() does in `SiteQuerySet.with_public_coordinates()`. The one definition, for model
    instances (`HeritageSite.public_coordinates()`) and plain value rows alike."""
    if latitude is None or longitude is None:
        return None, None, False
    if not location_sensitive:
        return latitude, longitude, False
    step = Decimal(1).scaleb(-SENSITIVE_COORDINATE_PLACES)
    return (
        Decimal(latitude).quantize(step, rounding=ROUND_HALF_UP),
        Decimal(longitude).quantize(step, rounding=ROUND_HALF_UP),
        True,
    )


class HeritageSite(models.Model):
    class Kind(models.TextChoices):
        ARCHAEOLOGICAL_SITE = "archaeological_site", "Archaeological site"
        TEMPLE = "temple", "Temple"
        TOMB = "tomb", "Tomb"
        ARCH = "arch", "Arch"
        FORTIFICATION = "fortification", "Fortification"
        THEATRE = "theatre", "Theatre"
        COLONNADE = "colonnade", "Colonnade"
        MUSEUM = "museum", "Museum"
        MOSQUE = "mosque", "Mosque"
        CHURCH = "church", "Church"
        SHRINE = "shrine", "Shrine"
        MONASTERY = "monastery", "Monastery"
        HISTORIC_CITY = "historic_city", "Historic city"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, help_text="The name most readers know the site by.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="Part of the site's public web address. Changing it breaks links people cite.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The larger site this one belongs to, e.g. Palmyra for the Temple of Bel.",
        db_index=False,  # heritage_site_parent, below: only the sites that have one
    )
    kind = models.CharField(max_length=32, choices=Kind, default=Kind.OTHER)
    country = models.CharField(
        max_length=2,
        blank=True,
        validators=[country_code_validator],
        help_text="Two-letter ISO 3166-1 code, e.g. SY (Syria), IQ (Iraq).",
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
        help_text="WGS84 decimal degrees, north positive (-90 to 90).",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
        help_text="WGS84 decimal degrees, east positive (-180 to 180).",
    )
    location_sensitive = models.BooleanField(
        default=False,
        help_text="Tick for unexcavated or looting-prone sites: public pages and the API then "
        "round its coordinates to about 10 km.",
    )
    built = models.CharField(
        max_length=200, blank=True, help_text='When it was built, as free text: "1st century AD".'
    )
    unesco_id = models.CharField(
        "UNESCO id",
        max_length=16,
        blank=True,
        validators=[unesco_validator],
        help_text="World Heritage List number of the inscribed property, if any.",
    )
    wikidata = models.CharField(
        max_length=16, blank=True, validators=[wikidata_validator], help_text="Wikidata item, Q…"
    )
    pleiades = models.CharField(
        max_length=16,
        blank=True,
        validators=[pleiades_validator],
        help_text="Pleiades gazetteer id for ancient places.",
    )
    description = models.TextField(blank=True)
    is_public = models.BooleanField(
        default=False,
        help_text="Shown on public pages and the API. Sites the importer discovers start hidden "
        "until a curator accepts them.",
    )
    status = models.CharField(
        max_length=16,
        choices=Extent,
        default=Extent.UNKNOWN,
        editable=False,
        help_text="Derived: the extent of the most recent published report that states one.",
    )
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["status", "status_changed_at", "updated_at"],
        history_manager=HistoryManager,
    )
    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            # Mirrors the field validators, for writes that bypass full_clean().
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="heritage_site_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="heritage_site_longitude_range",
            ),
            # Maps need both or neither.
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="heritage_site_coordinates_paired",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="heritage_site_not_own_parent"
            ),
        ]
        indexes = [
            # Public listings filter on visibility and status (API, home page).
            models.Index(fields=["is_public", "status"], name="heritage_site_public_status"),
            # API and admin filters.
            models.Index(fields=["country"], name="heritage_site_country"),
            models.Index(fields=["kind"], name="heritage_site_kind"),
            # The API's data version reads MAX(status_changed_at) on every request
            # (heritage/api/caching.py): one index step instead of a scan of every site.
            models.Index(fields=["status_changed_at"], name="heritage_site_status_changed"),
            # The public lists' default order (the API's sites list, the home page): the first
            # page is read off the index instead of sorting every public site.
            models.Index(
                fields=["name", "id"], condition=Q(is_public=True), name="heritage_site_public_name"
            ),
            # A page's children (`parent IN (…)`, the API) and a site's (the admin, the site
            # page). Most sites have no parent: an index of every row counted them all as one
            # parent's children, and SQLite's planner then scanned the table instead.
            models.Index(
                fields=["parent"], condition=Q(parent__isnull=False), name="heritage_site_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("site-detail", kwargs={"slug": self.slug})

    def public_coordinates(self) -> tuple[Decimal | None, Decimal | None, bool]:
        """(latitude, longitude, rounded) as every public output must show them: rounded to
        about 10 km when the site is `location_sensitive`."""
        return public_coordinates(self.latitude, self.longitude, self.location_sensitive)

    def clean(self):
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = (
                "Give both latitude and longitude, or neither."
            )
        if self.pk and self.parent_id == self.pk:
            errors["parent"] = "A site cannot be its own parent."
        elif self.pk and self.parent_id:
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    errors["parent"] = "That parent is inside this site: it would make a loop."
                    break
                ancestor = ancestor.parent
        if errors:
            raise ValidationError(errors)

    def refresh_status(self, *, now=None) -> bool:
        """Recompute `status` from the published reports; save and return True if it changed.

        The status is the extent of the most recent published report (by event date) whose
        extent is known. Undated reports count, but after dated ones.

        Call it inside the transaction that changed the reports. It locks the site's row
        first, so of two transactions changing one site's reports at once, the later one
        computes after the earlier has committed and sees both changes.
        """
        with transaction.atomic():
            locked = HeritageSite.objects.select_for_update().filter(pk=self.pk)
            stored = locked.values_list("status", flat=True).get()
            self.status = self._derive_status()
            if self.status == stored:
                return False
            self.status_changed_at = now or timezone.now()
            # update() rather than save(): a derived value is not a curator's edit, so it
            # must neither bump updated_at nor write a history entry.
            locked.update(status=self.status, status_changed_at=self.status_changed_at)
            return True

    def _derive_status(self) -> str:
        latest = (
            self.reports.filter(review_status=DamageReport.ReviewStatus.PUBLISHED)
            .exclude(extent=Extent.UNKNOWN)
            .status_order()
            .values_list("extent", flat=True)
            .first()
        )
        return latest or Extent.UNKNOWN


class SiteAlias(models.Model):
    site = models.ForeignKey(HeritageSite, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(
        max_length=200, help_text='Another spelling or name, as news writes it: "Tadmur".'
    )
    normalized = models.CharField(
        max_length=200,
        db_index=True,  # the importer's gazetteer looks spellings up by this
        editable=False,
        help_text="The name folded for matching (lowercase, no accents); set automatically.",
    )

    class Meta:
        verbose_name_plural = "site aliases"
        ordering = ["site", "name"]
        constraints = [
            # load_gazetteer and the admin inline rely on one row per spelling per site.
            models.UniqueConstraint(
                fields=["site", "normalized"], name="heritage_alias_unique_per_site"
            ),
        ]

    def __str__(self):
        return f"{self.name} → {self.site}"

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        self.normalized = normalize_name(self.name)
        if not self.normalized:
            raise ValidationError({"name": "An alias needs at least one letter."})
        duplicate = SiteAlias.objects.filter(site_id=self.site_id, normalized=self.normalized)
        if self.site_id and duplicate.exclude(pk=self.pk).exists():
            raise ValidationError({"name": "This site already has that alias (ignoring case)."})


class EventType(models.TextChoices):
    DESTROYED = "destroyed", "Destroyed"
    DAMAGED = "damaged", "Damaged"
    LOOTED = "looted", "Looted"
    MILITARY_USE = "military_use", "Military use"
    CONTROL_CHANGE = "control_change", "Change of control"
    THREATENED = "threatened", "Threatened"
    OTHER = "other", "Other"


class Cause(models.TextChoices):
    """What did the damage, after EAMENA's disturbance causes."""

    EXPLOSIVES = "explosives", "Explosives"
    HEAVY_WEAPONS = "heavy_weapons", "Heavy weapons (shelling, air strikes)"
    SMALL_ARMS = "small_arms", "Small arms"
    DEMOLITION = "demolition", "Deliberate demolition"
    FIRE = "fire", "Fire"
    LOOTING = "looting", "Looting"
    MILITARY_OCCUPATION = "military_occupation", "Military occupation"
    UNKNOWN = "unknown", "Unknown"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    RANGE = "range", "Range"
    UNKNOWN = "unknown", "Unknown"


class Confidence(models.TextChoices):
    CLAIMED = "claimed", "Claimed (one source)"
    CORROBORATED = "corroborated", "Corroborated (independent sources agree)"
    CONFIRMED = "confirmed", "Confirmed (imagery or inspection)"
    CONTESTED = "contested", "Contested (sources disagree)"
    DISCOUNTED = "discounted", "Discounted"


class ReportQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published reports about public sites. The API and the
        public pages both read through this; there is no other definition of 'public'."""
        return self.filter(review_status=DamageReport.ReviewStatus.PUBLISHED, site__is_public=True)

    def pending(self):
        return self.filter(review_status=DamageReport.ReviewStatus.PENDING)

    def awaiting_review(self):
        """Claims a curator still has to decide: pending ones, and reviewed ones flagged
        because new evidence arrived. Merged-away reports are done."""
        return self.filter(
            Q(review_status=DamageReport.ReviewStatus.PENDING) | Q(needs_another_look=True),
            merged_into__isnull=True,
        )

    def backed_by(self, source_id: int):
        """Reports that quote the source (an article) in their evidence."""
        return self.filter(Exists(Evidence.objects.filter(report=OuterRef("pk"), source=source_id)))

    def status_order(self):
        """Most recent event first: the order in which reports decide a site's status.
        Undated reports come after dated ones."""
        return self.order_by(
            F("event_date_latest").desc(nulls_last=True),
            F("event_date_earliest").desc(nulls_last=True),
            F("published_at").desc(nulls_last=True),
            "-id",
        )

    def as_of(self, day):
        """Reports of events known to have happened by `day` (their latest possible date is
        on or before it); undated reports cannot be placed and are left out."""
        return self.filter(event_date_latest__lte=day)

    def with_source_counts(self):
        """Annotate `evidence_count` and `independent_sources`: how many outlets back the
        report. Two articles from one outlet count once; a source without an outlet counts
        on its own."""
        evidence = Evidence.objects.filter(report=OuterRef("pk")).order_by().values("report")
        outlet_or_source = Coalesce(
            NullIf(F("source__outlet"), Value("")),
            Concat(Value("#"), Cast("source_id", CharField())),
            output_field=CharField(),
        )
        return self.annotate(
            evidence_count=Coalesce(
                Subquery(evidence.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                0,
            ),
            independent_sources=Coalesce(
                Subquery(
                    evidence.annotate(n=Count(outlet_or_source, distinct=True)).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
        )

    def with_public_evidence(self):
        """Prefetch each report's evidence with its source and claimant, for public display.

        Only sources that `Source.objects.cited()` lets the public see, and in source order."""
        from sources.models import Source

        # Correlated, so the check runs for the few quoted sources only, not all of them.
        cited = Source.objects.cited().filter(pk=OuterRef("source_id"))
        evidence = (
            Evidence.objects.filter(Exists(cited))
            .select_related("source", "attributed_to")
            .order_by(F("source__published_on").asc(nulls_last=True), "id")
        )
        return self.prefetch_related(models.Prefetch("evidence", queryset=evidence))

    def timeline(self):
        """Oldest first, undated last: the order a reader follows a site's story in."""
        return self.order_by(
            F("event_date_earliest").asc(nulls_last=True),
            F("event_date_latest").asc(nulls_last=True),
            "id",
        )


class DamageReport(models.Model):
    class ReviewStatus(models.TextChoices):
        PENDING = "pending", "Pending review"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        RETRACTED = "retracted", "Retracted"

    site = models.ForeignKey(HeritageSite, on_delete=models.PROTECT, related_name="reports")
    event_type = models.CharField(max_length=32, choices=EventType)
    extent = models.CharField(
        max_length=16,
        choices=Extent,
        default=Extent.UNKNOWN,
        help_text="How badly the site was damaged by this event (UNOSAT scale). The site's "
        "status follows the most recent published report with a known extent.",
    )
    cause = models.CharField(max_length=32, choices=Cause, default=Cause.UNKNOWN)
    perpetrator = models.CharField(
        max_length=200, blank=True, help_text="Who did it, as the sources name them."
    )
    event_date_earliest = models.DateField(
        null=True, blank=True, help_text="The earliest day the event can have happened."
    )
    event_date_latest = models.DateField(
        null=True, blank=True, help_text="The latest day; the same day as above for an exact date."
    )
    date_precision = models.CharField(
        max_length=8,
        choices=DatePrecision,
        default=DatePrecision.UNKNOWN,
        help_text='How precisely the sources date it: "on August 23" is a day, "in May 2015" a '
        "month. Never pick a day the sources do not give.",
    )
    date_approximate = models.BooleanField(
        default=False,
        help_text='The sources give a vague date ("about a month ago"): the range is our reading.',
    )
    summary = models.TextField(blank=True, help_text="Public: one or two plain sentences.")
    curator_notes = models.TextField(
        blank=True, help_text="Internal only, never published: doubts, contradictions, to-dos."
    )
    confidence = models.CharField(
        max_length=16,
        choices=Confidence,
        default=Confidence.CLAIMED,
        help_text="Derived on import from the evidence; change it when you know better.",
    )
    disagreements = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Derived from the statements: where they disagree (date, event, perpetrator), "
        'each named ("date: X 23 Aug 2015; Y about one month earlier") and whether a curator '
        "settled it.",
    )
    review_status = models.CharField(
        max_length=16, choices=ReviewStatus, default=ReviewStatus.PENDING, editable=False
    )
    needs_another_look = models.BooleanField(
        default=False,
        help_text="Set when new evidence arrives for a report already reviewed.",
    )
    review_note = models.TextField(
        blank=True, help_text="Why it was rejected, retracted or sent back (internal)."
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_reports",
        help_text="Set when this report was merged into another; its evidence moved there.",
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Bumped on every save, so two curators cannot silently overwrite each other.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(history_manager=HistoryManager)
    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-event_date_latest", "-id"]
        permissions = [
            ("publish_damagereport", "Can publish and retract damage reports"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(event_date_earliest__isnull=True)
                | Q(event_date_latest__isnull=True)
                | Q(event_date_earliest__lte=F("event_date_latest")),
                name="heritage_report_dates_ordered",
            ),
            # Publication is stamped: the change feed and citations rely on published_at.
            models.CheckConstraint(
                condition=~Q(review_status="published") | Q(published_at__isnull=False),
                name="heritage_report_published_has_timestamp",
            ),
        ]
        indexes = [
            # The review queue: pending first, oldest first.
            models.Index(fields=["review_status", "created_at"], name="heritage_report_queue"),
            # The admin's list of all reports, oldest first, without sorting the whole table.
            models.Index(fields=["created_at"], name="heritage_report_created"),
            # Site status and per-site timelines.
            models.Index(
                fields=["site", "review_status", "event_date_latest"],
                name="heritage_report_site_timeline",
            ),
            # API filters and the change feed.
            models.Index(fields=["event_date_earliest"], name="heritage_report_event_start"),
            models.Index(fields=["updated_at"], name="heritage_report_updated"),
            models.Index(fields=["published_at"], name="heritage_report_published_at"),
            # The API's default order (newest event first, as Meta.ordering): a page of 50 is
            # read off this index instead of sorting every report.
            models.Index(
                F("event_date_latest").desc(), F("id").desc(), name="heritage_report_latest_first"
            ),
            # Counting published reports (API pagination, stats) from the index alone.
            models.Index(fields=["review_status", "site"], name="heritage_report_status_site"),
        ]

    def __str__(self):
        return f"{self.site}: {self.get_event_type_display().lower()} ({self.date_display})"

    @property
    def date_display(self) -> str:
        """The event date written with its precision: "23 Aug 2015", "May 2015", "2015"."""
        start, end = self.event_date_earliest, self.event_date_latest
        if start is None and end is None:
            return "date unknown"
        prefix = "about " if self.date_approximate else ""
        if self.date_precision == DatePrecision.DAY and start:
            return prefix + start.strftime("%-d %b %Y")
        if self.date_precision == DatePrecision.MONTH and start:
            return prefix + start.strftime("%B %Y")
        if self.date_precision == DatePrecision.YEAR and start:
            return prefix + str(start.year)
        if start and end and start != end:
            return f"{prefix}between {start:%-d %b %Y} and {end:%-d %b %Y}"
        if start is None:
            return f"by {end:%-d %b %Y}"
        if end is None:
            return f"after {start:%-d %b %Y}"
        return prefix + start.strftime("%-d %b %Y")

    def clean(self):
        start, end = self.event_date_earliest, self.event_date_latest
        if start and end and start > end:
            raise ValidationError(
                {"event_date_latest": "The latest date cannot be before the earliest date."}
            )

    @property
    def open_disagreements(self) -> list[dict]:
        """The disagreements no curator has settled."""
        return [d for d in self.disagreements if not d.get("settled")]


class DisagreementKind(models.TextChoices):
    DATE = "date", "When it happened"
    EVENT = "event", "What happened"
    PERPETRATOR = "perpetrator", "Who did it"


class Evidence(models.Model):
    report = models.ForeignKey(DamageReport, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey("sources.Source", on_delete=models.PROTECT, related_name="evidence")
    quote = models.TextField(help_text="The source's own sentences, verbatim.")
    char_start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Where the quote starts in the source's text."
    )
    char_end = models.PositiveIntegerField(null=True, blank=True)
    attributed_to = models.ForeignKey(
        "sources.Actor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
        help_text="Who makes the claim (the official, agency or monitor quoted).",
    )
    attribution_text = models.CharField(
        max_length=300, blank=True, help_text='The attribution as written: "state TV said".'
    )
    stated_date_text = models.CharField(
        max_length=200, blank=True, help_text='The date as written: "on August 23".'
    )
    stated_date_earliest = models.DateField(
        null=True, blank=True, help_text="The date this claimant gives, as a range: first day."
    )
    stated_date_latest = models.DateField(null=True, blank=True, help_text="Last day.")
    stated_date_precision = models.CharField(
        max_length=8, choices=DatePrecision, default=DatePrecision.UNKNOWN
    )
    stated_date_approximate = models.BooleanField(
        default=False, help_text='A vague date ("about a month ago"): the range is our reading.'
    )
    stated_date_anchored_on = models.DateField(
        null=True,
        blank=True,
        help_text="A relative date was counted from this day (when the statement was made), "
        "not from the article's publication.",
    )
    asserted_event_type = models.CharField(
        max_length=32, choices=EventType, blank=True, help_text="What this claimant says happened."
    )
    asserted_extent = models.CharField(max_length=16, choices=Extent, blank=True)
    asserted_of_parts = models.BooleanField(
        default=False,
        help_text="The damage asserted is the destruction of the site's parts or contents "
        '("destroyed statues there"): no "destroyed" from another claimant contradicts it.',
    )
    asserted_perpetrator = models.CharField(
        max_length=200, blank=True, help_text="Who this claimant says did it."
    )
    via = models.CharField(
        max_length=200, blank=True, help_text='Whom the claimant spoke to: "AFP" in "told AFP".'
    )
    spans = models.JSONField(
        default=list,
        blank=True,
        help_text="Every [start, end] of the quoted sentences in the source's text, when the "
        "claimant speaks more than once.",
    )
    confirms = models.BooleanField(
        default=False,
        help_text="Satellite imagery or an inspection: confirms what happened, not when.",
    )
    needs_attribution = models.BooleanField(
        default=False,
        help_text="An old row joining several sentences whose claimants could not be told "
        "apart: split it by hand into one row per claimant.",
    )
    extracted_by = models.CharField(
        max_length=100, help_text="The importer version, or the curator who added it."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(history_manager=HistoryManager)

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["report", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(char_start__isnull=True)
                | Q(char_end__isnull=True)
                | Q(char_start__lte=F("char_end")),
                name="heritage_evidence_span_ordered",
            ),
            # Re-importing must not quote the same passage twice for one claimant and report;
            # two claimants of one sentence are two statements (report_merge relies on it).
            models.UniqueConstraint(
                fields=["report", "source", "char_start", "char_end", "attribution_text"],
                name="heritage_evidence_unique_statement",
            ),
        ]

    def __str__(self):
        return f"{self.source}: {self.quote[:80]}"

    @property
    def claimant(self) -> str:
        """Who says it, for a reader: the actor, else the attribution as written."""
        who = (
            self.attributed_to.name
            if self.attributed_to_id
            else self.attribution_text or getattr(self.source, "outlet", "") or "the source"
        )
        return f"{who} ({self.via})" if self.via else who

    @property
    def stated_date_display(self) -> str:
        """The date this statement gives, with its precision; its words when it has no range."""
        return date_range_display(
            self.stated_date_earliest,
            self.stated_date_latest,
            self.stated_date_precision,
            approximate=self.stated_date_approximate,
            text=self.stated_date_text,
        )

    def clean(self):
        start, end = self.char_start, self.char_end
        if start is not None and end is not None and start > end:
            raise ValidationError({"char_end": "The quote cannot end before it starts."})


def date_range_display(earliest, latest, precision, *, approximate=False, text="") -> str:
    """A stated date with its precision: "23 Aug 2015", "May 2015", "about between 9 Jul 2015
    and 8 Aug 2015"; the words as written when there is no range."""
    if earliest is None or latest is None:
        return text or "no date given"
    prefix = "about " if approximate else ""
    if precision == DatePrecision.DAY or earliest == latest:
        return prefix + earliest.strftime("%-d %b %Y")
    if precision == DatePrecision.MONTH:
        return prefix + earliest.strftime("%B %Y")
    if precision == DatePrecision.YEAR:
        return prefix + str(earliest.year)
    return f"{prefix}between {earliest:%-d %b %Y} and {latest:%-d %b %Y}"


class Settlement(models.Model):
    """A curator's decision on one disagreement of a report: which statement to follow and
    why. The importer never changes or removes it; the report's disagreement stays listed,
    marked settled."""

    report = models.ForeignKey(DamageReport, on_delete=models.CASCADE, related_name="settlements")
    kind = models.CharField(max_length=16, choices=DisagreementKind)
    chosen = models.ForeignKey(
        Evidence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The statement followed; empty when you decided from elsewhere.",
    )
    note = models.TextField(help_text="Why (internal): what settled it.")
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    settled_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(history_manager=HistoryManager)

    class Meta:
        ordering = ["report", "kind"]
        constraints = [
            # report_settle updates the one settlement of a kind; the importer reads them by kind.
            models.UniqueConstraint(fields=["report", "kind"], name="heritage_settlement_per_kind"),
        ]

    def __str__(self):
        return f"{self.report}: {self.get_kind_display().lower()} settled"

    def clean(self):
        if self.chosen_id and self.chosen.report_id != self.report_id:
            raise ValidationError({"chosen": "Choose a statement of this report."})


def photo_upload_to(photo: "Photo", filename: str) -> str:
    # A random name: the uploader's file name can identify them, and may not be safe to serve.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"photos/{uuid.uuid4().hex}{suffix}"


class PhotoQuerySet(models.QuerySet):
    def public(self):
        """Photos the public may see: of a public site, and not tied to an unpublished report
        (a photo attached to pending work would reveal it)."""
        # Correlated checks, so only the photos at hand are looked up (not every report).
        public_site = HeritageSite.objects.public().filter(pk=OuterRef("site_id"))
        published_report = DamageReport.objects.published().filter(pk=OuterRef("report_id"))
        return self.filter(Exists(public_site)).filter(
            Q(report__isnull=True) | Exists(published_report)
        )


class Photo(models.Model):
    site = models.ForeignKey(HeritageSite, on_delete=models.CASCADE, related_name="photos")
    report = models.ForeignKey(
        DamageReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="photos"
    )
    image = models.ImageField(
        upload_to=photo_upload_to,
        help_text="JPEG, PNG or WebP. Location and camera metadata are removed on upload.",
    )
    thumbnail = models.ImageField(upload_to="photos/thumbs/", blank=True, editable=False)
    caption = models.CharField(max_length=500, blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text="Who took it.")
    license = models.CharField(max_length=100, blank=True, help_text="e.g. CC BY-SA 4.0")
    taken_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["site", "-taken_on", "id"]

    def __str__(self):
        return self.caption or f"Photo of {self.site}"


class ReviewDecision(models.Model):
    """One curator's decision on a claim the importer made (or missed), with the extractor
    version that made it: what `manage.py extraction_feedback` measures the importer by.

    Written by heritage.services only (publish, reject, merge, retract, edits to published
    reports, claims added by hand), so the desk and the regular admin record alike.
    """

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Accepted as extracted"
        CORRECTED = "corrected", "Accepted with corrections"
        REJECTED = "rejected", "Rejected"
        ADDED = "added", "Added by hand (the importer missed it)"

    class Reason(models.TextChoices):
        """Why a claim was rejected: the desk's presets, plus what other paths imply."""

        NOT_HERITAGE_SITE = "not_heritage_site", "Not a heritage site"
        NOT_A_CLAIM = "not_a_claim", "Not a claim of damage"
        WRONG_SITE = "wrong_site", "Wrong site"
        DUPLICATE = "duplicate", "Duplicate of another report"
        RETRACTED = "retracted", "Retracted after publication"
        OTHER = "other", "Other"

    report = models.ForeignKey(
        DamageReport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        help_text="Empty once the report is deleted; the decision still counts.",
    )
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The article the claim was extracted from (or added from).",
    )
    extractor_version = models.CharField(
        max_length=100,
        blank=True,
        help_text="The importer version that made the claim (for an added claim: the version "
        "that imported the article and missed it).",
    )
    outcome = models.CharField(max_length=16, choices=Outcome)
    changes = models.JSONField(
        default=dict,
        blank=True,
        help_text='For a correction: {field: {"from": extracted value, "to": decided value}}.',
    )
    reason = models.CharField(max_length=32, choices=Reason, blank=True)
    note = models.TextField(blank=True, help_text="The reason or note as the curator wrote it.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            # A rejection always says why; nothing else carries a reason (the summary's
            # "rejected by reason" relies on it).
            models.CheckConstraint(
                condition=(Q(outcome="rejected") & ~Q(reason=""))
                | (~Q(outcome="rejected") & Q(reason="")),
                name="heritage_decision_reason_iff_rejected",
            ),
        ]
        indexes = [
            # extraction_feedback --since DATE reads a window of decisions.
            models.Index(fields=["decided_at"], name="heritage_decision_decided_at"),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: report #{self.report_id} ({self.extractor_version})"
