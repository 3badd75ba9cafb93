"""The sitemap at /sitemap.xml: the fixed pages and every public site."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from heritage.models import HeritageSite


class PagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "about"]

    def location(self, item):
        return reverse(item)


class SitesSitemap(Sitemap):
    changefreq = "weekly"
    limit = 10000

    def items(self):
        return (
            HeritageSite.objects.public()
            .with_last_published_at()
            .only("slug", "updated_at")
            .order_by("slug")
        )

    def lastmod(self, site):
        # A site page changes when the site is edited or when a report on it is published.
        return max(filter(None, [site.updated_at, site.last_published_at]))


SITEMAPS = {"pages": PagesSitemap, "sites": SitesSitemap}
