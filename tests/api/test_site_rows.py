"""The sites list and a site's detail read their rows with SQL compiled once (site_rows.py);
the JSON must be the JSON the querysets of SiteViewSet and the serializers give, key for key
and byte for byte, on every kind of site: with and without a parent (public or hidden),
children, aliases, coordinates (rounded when sensitive, or none), a status set by a report
or not, a timeline."""

import json
from decimal import Decimal

import pytest
from django.test import RequestFactory
from rest_framework.request import Request

from heritage.api import site_rows
from heritage.api.serializers import SiteDetailSerializer, SiteSerializer
from heritage.api.views import SiteViewSet
from heritage.models import HeritageSite
from tests.api.helpers import get
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db


def by_querysets(ids, context):
    view = SiteViewSet(request=context["request"], format_kwarg=None, action="retrieve")
    sites = view.get_queryset().in_bulk(ids)
    SiteViewSet.attach_status_reports(list(sites.values()))
    return [sites[key] for key in ids]


def test_rows_render_as_the_querysets_do(world):
    SiteFactory(name="Unplaced", slug="unplaced", latitude=None, longitude=None)
    SiteFactory(name="Orphan", slug="orphan", parent=world["hidden"])
    ids = list(HeritageSite.objects.public().order_by("name").values_list("pk", flat=True))
    assert len(ids) >= 6
    request = Request(RequestFactory().get("/api/v1/sites/"))
    context = {"request": request, "as_of": None}
    old = by_querysets(ids, context)
    expected = [json.dumps(SiteDetailSerializer(site, context=context).data) for site in old]
    slugs = HeritageSite.objects.in_bulk(ids)
    got = [
        json.dumps(
            SiteDetailSerializer(site_rows.public_site(slugs[key].slug), context=context).data
        )
        for key in ids
    ]
    assert got == expected
    listed = [json.dumps(SiteSerializer(s, context=context).data) for s in site_rows.sites(ids)]
    assert listed == [json.dumps(SiteSerializer(site, context=context).data) for site in old]
    # what the test world must hold for this to prove anything
    rendered = [json.loads(text) for text in expected]
    assert any(site["parent"] for site in rendered) and any(site["children"] for site in rendered)
    assert any(site["aliases"] for site in rendered) and any(s["timeline"] for s in rendered)
    assert any(site["coordinates_rounded"] for site in rendered)
    assert any(site["latitude"] is None for site in rendered)
    assert any(site["status"]["report"] for site in rendered)
    assert Decimal(str(rendered[0]["published_report_count"])) >= 0


def test_a_missing_or_hidden_site_is_404(client, world):
    assert get(client, "/api/v1/sites/no-such-site/").status_code == 404
    assert get(client, f"/api/v1/sites/{world['hidden'].slug}/").status_code == 404


def test_the_keys_are_bound_in_order(world):
    ids = list(HeritageSite.objects.public().order_by("-name").values_list("pk", flat=True))
    assert [site.pk for site in site_rows.sites(ids)] == ids
    assert [site.pk for site in site_rows.sites(ids[::-1])] == ids[::-1]
    assert site_rows.sites([]) == []
    assert site_rows.sites([-1]) == []
    assert site_rows.public_site("no-such-site") is None
    assert site_rows.public_site(world["hidden"].slug) is None


def test_report_rows_render_as_the_queryset_does(world, reviewer):
    from heritage.api.serializers import ReportSerializer
    from heritage.api.views import ReportViewSet
    from heritage.models import DamageReport
    from tests.api.conftest import publish
    from tests.factories import ReportFactory

    undated = ReportFactory(
        site=world["tomb"],
        event_type="military_use",
        event_date_earliest=None,
        event_date_latest=None,
        date_precision="unknown",
    )
    publish(undated, reviewer)
    DamageReport.objects.filter(pk=undated.pk).update(
        disagreements=[{"kind": "date", "text": "X: 2015; Y: 2016", "settled": True}]
    )

    request = Request(RequestFactory().get("/api/v1/reports/"))
    context = {"request": request}
    view = ReportViewSet(request=request, format_kwarg=None, action="retrieve")
    ids = list(DamageReport.objects.published().order_by("-pk").values_list("pk", flat=True))
    assert len(ids) >= 3
    old = view.get_queryset().in_bulk(ids)
    old = [old[key] for key in ids]
    new = site_rows.reports(ids)
    ReportViewSet.attach_evidence(old)
    ReportViewSet.attach_evidence(new)
    expected = [json.dumps(ReportSerializer(report, context=context).data) for report in old]
    assert [json.dumps(ReportSerializer(row, context=context).data) for row in new] == expected
    rendered = [json.loads(text) for text in expected]
    assert any(report["evidence"] for report in rendered)
    assert any(report["site"]["coordinates_rounded"] for report in rendered)
    assert any(report["disagreements"] for report in rendered)
    assert any(report["date_display"] == "date unknown" for report in rendered)
    assert site_rows.reports([]) == [] and site_rows.reports([-1]) == []
