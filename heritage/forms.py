"""Forms of the public pages."""

from django import forms
from django.db.models import Case, F, IntegerField, When

from heritage.countries import country_name
from heritage.models import EventType, Extent, HeritageSite


class SiteFilterForm(forms.Form):
    """The home page's filters. A GET form, so a filtered list is a plain link anyone can cite
    and it works without JavaScript."""

    q = forms.CharField(label="Name", required=False, max_length=100)
    country = forms.ChoiceField(label="Country", required=False)
    kind = forms.ChoiceField(label="Kind of site", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Extent.choices]
    )
    event = forms.ChoiceField(
        label="Reported event", required=False, choices=[("", "Any event"), *EventType.choices]
    )
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "Sites with published reports"), ("all", "Every known site")],
    )
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[
            ("", "By name"),
            ("severity", "Worst damage first"),
            ("updated", "Recently updated first"),
        ],
    )

    def __init__(self, *args, countries=(), kinds=(), **kwargs):
        kwargs.setdefault("label_suffix", "")  # the labels sit above their fields
        super().__init__(*args, **kwargs)
        # Only offer what the list can contain: a choice that can never match wastes a click.
        self.fields["country"].choices = [("", "Any country")] + sorted(
            ((code, country_name(code)) for code in countries if code), key=lambda c: c[1]
        )
        self.fields["kind"].choices = [("", "Any kind")] + [
            (value, label) for value, label in HeritageSite.Kind.choices if value in set(kinds)
        ]

    def filter(self, sites):
        """Apply every filter that validated; an invalid one is reported by the form and left
        out, so a mistyped link still shows something useful."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        if data.get("q", "").strip():
            sites = sites.matching_name(data["q"])
        if data.get("country"):
            sites = sites.filter(country=data["country"])
        if data.get("kind"):
            sites = sites.filter(kind=data["kind"])
        if data.get("status"):
            sites = sites.filter(status=data["status"])
        if data.get("event"):
            sites = sites.with_published_event(data["event"])
        if not self.shows_every_site:
            sites = sites.with_published_reports()
        return sites

    @property
    def shows_every_site(self) -> bool:
        """The gazetteer's sites without a published report are listed only on request."""
        return getattr(self, "cleaned_data", {}).get("show") == "all"

    def order(self, sites):
        """Sort the (annotated) sites as asked; by name when not. Ties by name, then id, so
        pages never overlap."""
        sort = getattr(self, "cleaned_data", {}).get("sort")
        if sort == "severity":
            severity = Case(
                *(When(status=extent.value, then=extent.severity) for extent in Extent),
                output_field=IntegerField(),
            )
            return sites.order_by(severity.desc(), "name", "pk")
        if sort == "updated":
            return sites.order_by(F("last_published_at").desc(nulls_last=True), "name", "pk")
        return sites.order_by("name", "pk")

    @property
    def order_label(self) -> str:
        sort = getattr(self, "cleaned_data", {}).get("sort", "")
        return dict(self.fields["sort"].choices)[sort or ""].lower()

    @property
    def active(self) -> bool:
        """True when any filter narrows the list (the order does not, nor does the choice
        between sites with reports and every site)."""
        data = getattr(self, "cleaned_data", {})
        return any(
            str(value).strip() for name, value in data.items() if name not in ("sort", "show")
        )
