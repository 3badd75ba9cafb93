"""URLs of the public API: /api/v1/… for data, /api/schema/ and /api/docs/ to describe it."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from heritage.api import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = True
router.register("sites", views.SiteViewSet, basename="site")
router.register("reports", views.ReportViewSet, basename="report")
router.register("sources", views.SourceViewSet, basename="source")
router.register("actors", views.ActorViewSet, basename="actor")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/stats/", views.StatsView.as_view(), name="stats"),
    path("v1/changes/", views.ChangesView.as_view(), name="changes"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
