"""The API a newcomer would write first, kept as the benchmark's "naive" baseline.

ModelSerializer with `fields = "__all__"`, evidence nested, and no select_related or
prefetch_related: every report costs a query for its evidence. It does filter to published
reports (otherwise it would not be the same answer), and it is never mounted by the project:
bench/bench_api.py serves it from its own URLconf.
"""

from django.urls import include, path
from rest_framework import serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.routers import DefaultRouter

from heritage.models import DamageReport, Evidence, HeritageSite


class NaiveEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = "__all__"


class NaiveReportSerializer(serializers.ModelSerializer):
    evidence = NaiveEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = DamageReport
        fields = "__all__"


class NaiveSiteSerializer(serializers.ModelSerializer):
    reports = NaiveReportSerializer(many=True, read_only=True)

    class Meta:
        model = HeritageSite
        fields = "__all__"


class NaiveSiteListSerializer(serializers.ModelSerializer):
    class Meta:
        model = HeritageSite
        fields = "__all__"


class FiftyPerPage(PageNumberPagination):
    page_size = 50


class NaiveReportViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = NaiveReportSerializer
    pagination_class = FiftyPerPage

    def get_queryset(self):
        queryset = DamageReport.objects.filter(review_status="published", site__is_public=True)
        for name in ("event_type", "confidence"):
            if name in self.request.query_params:
                queryset = queryset.filter(**{name: self.request.query_params[name]})
        return queryset


class NaiveSiteViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = FiftyPerPage
    lookup_field = "slug"
    queryset = HeritageSite.objects.filter(is_public=True)

    def get_serializer_class(self):
        return NaiveSiteSerializer if self.action == "retrieve" else NaiveSiteListSerializer


router = DefaultRouter()
router.register("reports", NaiveReportViewSet, basename="naive-report")
router.register("sites", NaiveSiteViewSet, basename="naive-site")

# The project's URLs plus the naive API under /naive/.
urlpatterns = [
    path("naive/", include(router.urls)),
    path("", include("heritage.urls")),
]
