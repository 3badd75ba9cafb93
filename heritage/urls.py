from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps_views
from django.urls import include, path
from django.views.decorators.cache import cache_control

from heritage import views
from heritage.admin import desk
from heritage.sitemaps import SITEMAPS

admin.site.site_header = "Heritage damage tracker"
admin.site.site_title = "Heritage damage tracker"
admin.site.index_title = "Curation"

urlpatterns = [
    # The review desk lives in the admin (staff only, admin login) but has its own views.
    path("admin/review/", include(desk.urlpatterns)),
    path("admin/", admin.site.urls),
    path("favicon.ico", views.favicon),
    path("api/", include("heritage.api.urls")),
    # Public pages. These addresses are cited in print: never change them.
    path("", views.home, name="home"),
    path("map.json", views.map_data, name="map-data"),
    path("sites/<slug:slug>/", views.site_detail, name="site-detail"),
    path("about/", views.about, name="about"),
    # Crawlers fetch these rarely and they list every site: let caches keep them an hour.
    path(
        "sitemap.xml",
        cache_control(public=True, max_age=3600)(sitemaps_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_control(public=True, max_age=3600)(sitemaps_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]

handler404 = "heritage.views.page_not_found"
