"""The curators' admin, one module per concern:

- reports: the review queue, the report page with its evidence, the evidence list;
- sites: sites, their spellings and candidate sites;
- photos: uploads, thumbnails and the photo inlines;
- actions: the review actions on the report and site lists;
- desk: the review desk at /admin/review/ (mounted by heritage.urls);
- decisions: curators' decisions on imported claims, read-only;
- filters, forms, common: what those share.

Every write that changes what the public sees goes through heritage.services, so the derived
site status, the review stamps and the history entries are the same whichever door a change
comes in by. Permissions are checked there too: hiding a button is not a check.
"""

from heritage.admin import decisions, photos, reports, sites  # noqa: F401  (registers them)
