"""The sitemap: /sitemap.xml is an index of sections (/sitemap-pages.xml and
/sitemap-sites.xml, the latter in pages of SitesSitemap.limit sites), so no one response
has to list every site."""

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
    limit = 2000  # per page of the section: each page renders quickly even with many sites

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

    def get_latest_lastmod(self):
        # Django's default computes this for the index by loading every site; the index is
        # valid without it, and each section page still dates its entries.
        return None


SITEMAPS = {"pages": PagesSitemap, "sites": SitesSitemap}
