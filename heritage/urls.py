from django.contrib import admin
from django.urls import include, path

from heritage import views

admin.site.site_header = "Heritage damage tracker"
admin.site.site_title = "Heritage damage tracker"
admin.site.index_title = "Curation"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", views.favicon),
    path("api/", include("heritage.api.urls")),
]
