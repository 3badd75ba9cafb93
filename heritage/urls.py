from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.cache import cache_control

from heritage import views
from heritage.sitemaps import SITEMAPS

admin.site.site_header = "Heritage damage tracker"
admin.site.site_title = "Heritage damage tracker"
admin.site.index_title = "Curation"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", views.favicon),
    # Public pages. These addresses are cited in print: never change them.
    path("", views.home, name="home"),
    path("map.json", views.map_data, name="map-data"),
    path("sites/<slug:slug>/", views.site_detail, name="site-detail"),
    path("about/", views.about, name="about"),
    # Crawlers fetch it rarely and it lists every site: let caches in front keep it an hour.
    path(
        "sitemap.xml",
        cache_control(public=True, max_age=3600)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]
