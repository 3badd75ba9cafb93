"""Public pages: the map and table of sites, one page per site, and the methodology.

Everything here reads through the public querysets (`HeritageSite.objects.public()`,
`DamageReport.objects.published()`, `Photo.objects.public()`, and `Source.objects.cited()`
inside `with_public_evidence()`), the same ones the API uses. Each view runs a fixed number
of queries whatever the data; tests/heritage/test_pages.py pins them.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q, QuerySet
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from heritage.api.errors import not_found_json
from heritage.forms import SiteFilterForm
from heritage.models import (
    Cause,
    Confidence,
    DamageReport,
    EventType,
    Extent,
    HeritageSite,
    Photo,
    public_coordinates,
)

# Published records change a few times a day; five minutes of caching by browsers and proxies
# costs a reader little and spares the database under a news-driven rush.
public_page = cache_control(public=True, max_age=300)

API_SITE_PATH = "/api/v1/sites/{slug}/"
API_REPORT_PATH = "/api/v1/reports/{pk}/"

# Plain-words definitions shown on /about/ and as hints on site pages.
EXTENT_DEFINITIONS = {
    Extent.DESTROYED: "The structure is gone or reduced to rubble; what stands cannot be "
    "repaired as it was.",
    Extent.SEVERE: "Major parts have collapsed or been blown apart; the structure survives "
    "only in part.",
    Extent.MODERATE: "Clear damage to walls, roofs, columns or decoration, but the structure "
    "stands.",
    Extent.MINOR: "Surface damage: bullet marks, scorching, broken fittings.",
    Extent.NONE: "Inspected or seen on imagery, with no damage visible.",
    Extent.UNKNOWN: "No published report says how badly it is damaged.",
}
EVENT_DEFINITIONS = {
    EventType.DESTROYED: "The site or a part of it was deliberately or accidentally destroyed.",
    EventType.DAMAGED: "The site was hit or harmed, without being destroyed.",
    EventType.LOOTED: "Objects were stolen or illegally dug out.",
    EventType.MILITARY_USE: "Used as a base, firing position, depot or prison.",
    EventType.CONTROL_CHANGE: "An armed group or army took or lost control of the site.",
    EventType.THREATENED: "Sources report a credible threat of harm.",
    EventType.OTHER: "Anything else the sources report about the site's condition.",
}
CONFIDENCE_DEFINITIONS = {
    Confidence.CLAIMED: "One source makes the claim; nobody independent has confirmed it yet.",
    Confidence.CORROBORATED: "Two or more independent sources agree.",
    Confidence.CONFIRMED: "Satellite imagery or an inspection on the ground shows what "
    "happened (it shows what, not when).",
    Confidence.CONTESTED: "Sources disagree on when it happened, what happened or who did it; "
    "the report names the disagreement and quotes each side. This outranks corroboration, and "
    "imagery does not resolve a disagreement about the date.",
    Confidence.DISCOUNTED: "Shown for the record, but the evidence weighs against it.",
}


# A page of the table stays small (well under 200 KB of HTML) however many sites there are;
# the map shows every matching site at once, from map_data().
SITES_PER_PAGE = 100


def _filtered_sites(request) -> tuple[SiteFilterForm, QuerySet]:
    """The public sites the request's filters select, and the bound form. One query, for
    the filter choices: the countries and kinds that public sites have."""
    public_sites = HeritageSite.objects.public()
    facets = set(public_sites.order_by().values_list("country", "kind").distinct())
    form = SiteFilterForm(
        request.GET or None,
        countries={country for country, _ in facets},
        kinds={kind for _, kind in facets},
    )
    form.is_valid()  # errors are shown; the valid filters still apply
    return form, form.filter(public_sites)


@require_safe
@public_page
def home(request):
    """The public sites with published reports (every public site with ?show=all), on a map
    and in a table, filterable by country, kind, status and event type, with counts by
    status and the published reports about them.

    Four queries whatever the data: the filter choices, the counts by status (which also
    give the number of pages), the report totals, and one page of sites with their counts."""
    form, sites = _filtered_sites(request)
    by_status = dict(sites.order_by().values_list("status").annotate(n=Count("pk")))
    reports = DamageReport.objects.published()
    if form.active:
        reports = reports.filter(site__in=sites.values("pk"))
    report_totals = reports.aggregate(count=Count("pk"), latest=Max("published_at"))
    paginator = Paginator(
        form.order(
            sites.with_report_stats()
            .with_public_parent_name()
            .only("name", "slug", "country", "kind", "status")
        ),
        SITES_PER_PAGE,
    )
    # The counts by status already add up to the number of sites: spare the COUNT query.
    paginator.count = sum(by_status.values())
    page = paginator.get_page(request.GET.get("page"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    status_counts = []
    for extent in Extent:
        # Each legend entry links to the current filters with that status.
        query = query_without_page.copy()
        query["status"] = extent.value
        status_counts.append(
            {"status": extent, "count": by_status.get(extent, 0), "query": query.urlencode()}
        )
    # The same filters over every known site, or back to the sites with published reports.
    toggle = query_without_page.copy()
    if form.shows_every_site:
        toggle.pop("show", None)
    else:
        toggle["show"] = "all"
    context = {
        "form": form,
        "toggle_query": toggle.urlencode(),
        "page": page,
        "sites": page.object_list,
        "site_count": page.paginator.count,
        "status_counts": status_counts,
        "report_count": report_totals["count"],
        "last_published_at": report_totals["latest"],
        "query_without_page": query_without_page.urlencode(),
        "map_tiles_url": settings.HERITAGE_MAP_TILES_URL,
        "map_tiles_attribution": settings.HERITAGE_MAP_TILES_ATTRIBUTION,
    }
    return render(request, "heritage/home.html", context)


@require_safe
@public_page
def map_data(request):
    """Every site the home page's filters select, for its map, as compact rows
    [slug, name, status, latitude, longitude], sensitive sites rounded. Two queries: the
    filter choices, then the sites (plain values: this can be every site there is)."""
    _, sites = _filtered_sites(request)
    rows = []
    for slug, name, status, latitude, longitude, sensitive in sites.exclude(
        latitude=None
    ).values_list("slug", "name", "status", "latitude", "longitude", "location_sensitive"):
        latitude, longitude, _ = public_coordinates(latitude, longitude, sensitive)
        # Four decimals (about 10 m) is finer than any marker; it keeps the payload small.
        rows.append([slug, name, status, round(float(latitude), 4), round(float(longitude), 4)])
    return JsonResponse(
        {
            "columns": ["slug", "name", "status", "lat", "lng"],
            "site_url": reverse("site-detail", kwargs={"slug": "__slug__"}),
            "statuses": dict(Extent.choices),
            "sites": rows,
        }
    )


@require_safe
@public_page
def site_detail(request, slug):
    """One public site: its status, relatives, published reports with their evidence, photos.

    Six queries: the site, its aliases, its public parent and children, its published reports,
    their evidence (with sources and claimants), its photos."""
    site = get_object_or_404(HeritageSite.objects.public().prefetch_related("aliases"), slug=slug)
    relatives = list(
        HeritageSite.objects.public()
        .filter(Q(pk=site.parent_id) | Q(parent=site))
        .only("name", "slug", "status", "parent_id")
    )
    parent = next((other for other in relatives if other.pk == site.parent_id), None)
    children = [other for other in relatives if other.parent_id == site.pk]
    coordinates = site.public_coordinates()
    reports = list(
        DamageReport.objects.published().filter(site=site).timeline().with_public_evidence()
    )
    for report in reports:
        report.api_url = API_REPORT_PATH.format(pk=report.pk)
    photos = list(Photo.objects.public().filter(site=site))
    last_assessed = max((report.published_at for report in reports), default=None)
    context = {
        "site": site,
        "parent": parent,
        "children": children,
        "reports": reports,
        "photos": photos,
        "last_assessed": last_assessed,
        "status_definition": EXTENT_DEFINITIONS[Extent(site.status)],
        "coordinates": coordinates if coordinates[0] is not None else None,
        "api_url": API_SITE_PATH.format(slug=site.slug),
        "canonical_url": request.build_absolute_uri(site.get_absolute_url()),
    }
    return render(request, "heritage/site_detail.html", context)


@require_safe
@public_page
def about(request):
    """The methodology in plain words: scales, review, citation, the API. No queries."""
    context = {
        "extents": [(extent, EXTENT_DEFINITIONS[extent]) for extent in Extent],
        "events": [(event, EVENT_DEFINITIONS[event]) for event in EventType],
        "confidences": [(level, CONFIDENCE_DEFINITIONS[level]) for level in Confidence],
        "causes": ", ".join(cause.label.lower() for cause in Cause if cause != Cause.UNKNOWN),
        "example_url": request.build_absolute_uri(
            reverse("site-detail", kwargs={"slug": "palmyra-temple-of-bel"})
        ),
    }
    return render(request, "heritage/about.html", context)


@require_safe
def robots_txt(request):
    """Allow crawling of the public pages, not the admin; point to the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def favicon(request):
    # Resolved per request: the hashed static name only exists after collectstatic.
    return redirect(static("heritage/favicon.svg"), permanent=True)


def page_not_found(request, exception):
    """404: JSON under /api/ (clients parse it), the site's own page elsewhere."""
    if request.path.startswith("/api/"):
        return not_found_json(request, exception)
    return defaults.page_not_found(request, exception)
