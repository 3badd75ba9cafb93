"""The review desk: one article's text with every claim it yielded highlighted beside a card
per report, each decided in a keystroke or two.

`/admin/review/` opens the next article (oldest import first) with a claim still to decide;
`/admin/review/<source id>/` opens one article. Every card action is a form that POSTs and
redirects, so the desk works without JavaScript; `static/heritage/desk.js` adds the keyboard
shortcuts and lights a card when one of its passages has the pointer or focus. Writes go
through heritage.services, which check permissions and versions again and record each
decision for the importer's feedback (ReviewDecision).
"""

import re
from dataclasses import dataclass, field

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from heritage import services
from heritage.admin.forms import REJECT_PRESETS, RejectForm, stale_message
from heritage.models import DamageReport, Evidence, SiteAlias
from sources.models import Source

ReviewStatus = DamageReport.ReviewStatus
COLOURS = 8  # claim colours in desk.css (.c0 … .c7)
QUOTE_JOINER = " … "  # how the importer joins a claim's sentences into one quote
MERGE_CHOICES_LIMIT = 500
VIEW_PERMISSION = "heritage.view_damagereport"
CHANGE_PERMISSION = "heritage.change_damagereport"


# --- forms ---------------------------------------------------------------------------------


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """The admin's site autocomplete, labelled from sites already loaded: Django's widget asks
    the database for the selected site's name, once per form, and the desk has a form per
    card."""

    def __init__(self, *args, labels: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = labels

    def optgroups(self, name, value, attr=None):
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for pk in value:
            if str(pk) and str(pk) in self.labels:
                options.append(
                    self.create_option(name, pk, self.labels[str(pk)], True, len(options))
                )
        return [(None, options, 0)]


class ClaimForm(forms.ModelForm):
    """A claim's fields as the desk edits them (the report page has the rest)."""

    class Meta:
        model = DamageReport
        fields = [
            "site",
            "event_type",
            "extent",
            "cause",
            "event_date_earliest",
            "event_date_latest",
            "date_precision",
            "summary",
        ]
        widgets = {
            "event_date_earliest": forms.DateInput(attrs={"type": "date"}),
            "event_date_latest": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, site_labels: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        site = self.fields["site"]
        widget = PreloadedAutocompleteSelect(
            DamageReport._meta.get_field("site"), admin.site, labels=site_labels or {}
        )
        widget.choices = site.choices
        widget.is_required = site.required
        site.widget = widget


class AddClaimForm(ClaimForm):
    quote = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The article's own words: select them in the text, or paste them here.",
    )
    char_start = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    char_end = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta(ClaimForm.Meta):
        fields = ["quote", "char_start", "char_end", *ClaimForm.Meta.fields]


# --- reading an article and its claims -------------------------------------------------------


@dataclass(eq=False)  # compared and hashed by identity: one card per report
class Card:
    report: DamageReport
    number: int
    first_offset: int
    here: list[Evidence] = field(default_factory=list)  # evidence quoting this article
    evidence: list[Evidence] = field(default_factory=list)  # all of the report's evidence
    form: ClaimForm | None = None
    reject_error: str = ""
    open_panel: str = ""  # the panel shown open after a refused POST (edit, reject, merge)

    @property
    def colour(self) -> int:
        return (self.number - 1) % COLOURS

    @property
    def awaiting(self) -> bool:
        report = self.report
        return report.merged_into_id is None and (
            report.review_status == ReviewStatus.PENDING or report.needs_another_look
        )

    @property
    def other_sources(self) -> list[Evidence]:
        """One evidence row per other article behind the report."""
        here = {row.source_id for row in self.here}
        seen, others = set(here), []
        for row in self.evidence:
            if row.source_id not in seen:
                seen.add(row.source_id)
                others.append(row)
        return others


def _pieces(text: str, evidence: Evidence) -> list[tuple[int, int]]:
    """Where the quote's sentences stand in the text: the importer joins a claim's sentences
    with " … ", so each is looked up inside the evidence's span."""
    start, end = evidence.char_start, evidence.char_end
    if start is None or end is None or start >= end:
        at = text.find(evidence.quote) if evidence.quote else -1
        return [(at, at + len(evidence.quote))] if at >= 0 else []
    pieces, position = [], start
    for sentence in evidence.quote.split(QUOTE_JOINER):
        sentence = sentence.strip()
        at = text.find(sentence, position, end) if sentence else -1
        if at < 0:
            return [(start, min(end, len(text)))]
        pieces.append((at, at + len(sentence)))
        position = at + len(sentence)
    return pieces


def _word_pattern(names, *, ignore_case: bool = False) -> re.Pattern | None:
    names = sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True)
    if not names:
        return None
    pattern = r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)"
    return re.compile(pattern, re.IGNORECASE if ignore_case else 0)


def render_article(text: str, claims, mentions) -> str:
    """The article as HTML, every character escaped and none added, so the element's text is
    the source's text and a selection's offsets are the source's offsets.

    `claims`: (start, end, card) passages, each drawn as a link to its card in the card's
    colour; `mentions`: (start, end, kind) site names and claimants, marked inside.
    """
    length = len(text)
    claims = [(max(0, s), min(length, e), card) for s, e, card in claims if s < e]
    mentions = [(max(0, s), min(length, e), kind) for s, e, kind in mentions if s < e]
    bounds = sorted({0, length, *(b for s, e, _ in claims + mentions for b in (s, e))})
    runs: list[tuple[tuple, list[str]]] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        cards = tuple(
            sorted(
                {card for s, e, card in claims if s <= start and end <= e},
                key=lambda c: c.number,
            )
        )
        kinds = sorted({kind for s, e, kind in mentions if s <= start and end <= e})
        piece = escape(text[start:end])
        for kind in kinds:
            piece = f'<span class="mention-{kind}">{piece}</span>'
        if runs and runs[-1][0] == cards:
            runs[-1][1].append(piece)
        else:
            runs.append((cards, [piece]))
    html = []
    for cards, pieces in runs:
        inner = "".join(pieces)
        if not cards:
            html.append(inner)
            continue
        first = cards[0]
        label = "; ".join(f"claim {c.number}: {c.report.site.name}" for c in cards)
        html.append(
            f'<a class="claim c{first.colour}{" multi" if len(cards) > 1 else ""}" '
            f'href="#card-{first.report.pk}" title="{escape(label)}" '
            f'data-reports="{" ".join(str(c.report.pk) for c in cards)}">{inner}</a>'
        )
    return mark_safe("".join(html))  # every piece of text went through escape()


def desk_context(
    request,
    source: Source,
    *,
    bound: dict | None = None,
    done: int | None = None,
    focus_id: int | None = None,
):
    """Everything the desk page shows, in a fixed number of queries whatever the number of
    claims: the reports, their evidence, the sites' spellings, merge choices, one count."""
    bound = bound or {}
    reports = list(DamageReport.objects.backed_by(source.pk).select_related("site", "site__parent"))
    evidence = list(
        Evidence.objects.filter(report__in=[r.pk for r in reports])
        .select_related("source", "attributed_to")
        .defer("source__text")
        .order_by("source__published_on", "id")
    )
    cards = {r.pk: Card(report=r, number=0, first_offset=len(source.text)) for r in reports}
    for row in evidence:
        card = cards[row.report_id]
        card.evidence.append(row)
        if row.source_id == source.pk:
            card.here.append(row)
            card.first_offset = min(card.first_offset, row.char_start or 0)
    ordered = sorted(cards.values(), key=lambda c: (c.first_offset, c.report.pk))
    for number, card in enumerate(ordered, start=1):
        card.number = number

    site_ids = {r.site_id for r in reports} | {r.site.parent_id for r in reports} - {None}
    spellings = [r.site.name for r in reports] + [
        r.site.parent.name for r in reports if r.site.parent_id
    ]
    spellings += SiteAlias.objects.filter(site__in=site_ids).values_list("name", flat=True)
    labels = {str(r.site_id): str(r.site) for r in reports}
    text = source.text
    claims, mentions = [], []
    # Site names in any case ("the Temple of Bel", "temple of bel"); claimants as written, so
    # that a claimant "He" does not mark every "he".
    if pattern := _word_pattern(spellings, ignore_case=True):
        mentions += [(m.start(), m.end(), "site") for m in pattern.finditer(text)]
    for card in ordered:
        for row in card.here:
            pieces = _pieces(text, row)
            claims += [(start, end, card) for start, end in pieces]
            names = [row.attributed_to.name] if row.attributed_to_id else []
            names += row.attribution_text.split(", ")
            if pattern := _word_pattern(names):
                for start, end in pieces:
                    mentions += [
                        (m.start(), m.end(), "claimant") for m in pattern.finditer(text, start, end)
                    ]
        if card.report.pk in bound:
            card.open_panel = "edit"
        card.form = bound.get(card.report.pk) or ClaimForm(
            instance=card.report, prefix=f"r{card.report.pk}", site_labels=labels
        )

    merge_choices: dict[int, list[DamageReport]] = {}
    candidates = (
        DamageReport.objects.filter(site__in={r.site_id for r in reports}, merged_into=None)
        .exclude(review_status__in=[ReviewStatus.REJECTED, ReviewStatus.RETRACTED])
        .only(
            "id",
            "site_id",
            "event_type",
            "review_status",
            "event_date_earliest",
            "event_date_latest",
            "date_precision",
            "date_approximate",
        )
        .order_by("id")[:MERGE_CHOICES_LIMIT]
    )
    for candidate in candidates:
        merge_choices.setdefault(candidate.site_id, []).append(candidate)

    awaiting = [card for card in ordered if card.awaiting]
    focus = None
    if focus_id in cards:
        focus = cards[focus_id]
    elif done is not None:
        after = [c for c in awaiting if c.number > cards[done].number] if done in cards else []
        focus = (after or awaiting or [None])[0]
    elif awaiting:
        focus = awaiting[0]
    run_pending = None
    if source.import_run_id:
        in_run = Evidence.objects.filter(
            report=OuterRef("pk"), source__import_run=source.import_run_id
        )
        run_pending = DamageReport.objects.awaiting_review().filter(Exists(in_run)).count()
    add_form = bound.get("add") or AddClaimForm(prefix="add", site_labels={})
    user = request.user
    return {
        **admin.site.each_context(request),
        "title": f"Review desk: {source}",
        "source": source,
        "article_html": render_article(text, claims, mentions),
        "cards": ordered,
        "merge_choices": merge_choices,
        "focus": focus,
        "decided": len(ordered) - len(awaiting),
        "run_pending": run_pending,
        "reject_presets": [
            (number, code, label) for number, (code, label) in enumerate(REJECT_PRESETS, 1)
        ],
        "add_form": add_form,
        "add_open": "add" in bound,
        "media": add_form.media,
        "can_publish": user.has_perm(services.PUBLISH_PERMISSION),
        "can_change": user.has_perm(CHANGE_PERMISSION),
        "next_url": reverse("review-desk") + f"?after={source.pk}",
    }


# --- views ---------------------------------------------------------------------------------


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied("You may not review claims.")


def desk_next(request):
    """Open the next article with a claim to decide (oldest import first): after `?after=`
    (the article just finished) if given, within `?run=` (one import run) if given."""
    _require(request, VIEW_PERMISSION)
    queue = Source.objects.awaiting_review()
    run = request.GET.get("run", "")
    if run.isdigit():
        queue = queue.filter(import_run=int(run))
    after = request.GET.get("after", "")
    current = (
        Source.objects.filter(pk=int(after)).values("created_at", "id").first()
        if after.isdigit()
        else None
    )
    source = None
    if current:
        source = queue.filter(
            Q(created_at__gt=current["created_at"])
            | Q(created_at=current["created_at"], id__gt=current["id"])
        ).first()
    source = source or queue.first()
    if source is None:
        context = {**admin.site.each_context(request), "title": "Review desk"}
        return TemplateResponse(request, "admin/heritage/review_desk_empty.html", context)
    return redirect("review-desk-article", source_id=source.pk)


def desk_article(request, source_id: int):
    _require(request, VIEW_PERMISSION)
    source = get_object_or_404(Source.objects.select_related("import_run"), pk=source_id)
    done, focus = request.GET.get("done", ""), request.GET.get("focus", "")
    context = desk_context(
        request,
        source,
        done=int(done) if done.isdigit() else None,
        focus_id=int(focus) if focus.isdigit() else None,
    )
    return TemplateResponse(request, "admin/heritage/review_desk.html", context)


def _back(source_id: int, report_id: int | None = None):
    url = reverse("review-desk-article", args=[source_id])
    return redirect(f"{url}?done={report_id}" if report_id else url)


def _refused(request, source, bound, status=400):
    """The desk again with the refused form open and its errors shown; nothing was saved."""
    context = desk_context(request, source, bound=bound)
    return TemplateResponse(request, "admin/heritage/review_desk.html", context, status=status)


@require_POST
def desk_decide(request, source_id: int, report_id: int, action: str):
    """Publish, reject, edit or merge one card's report. Bad input (a report this article
    does not back, a stale version, a missing reason) changes nothing and says why."""
    _require(request, CHANGE_PERMISSION)
    source = get_object_or_404(Source.objects.select_related("import_run"), pk=source_id)
    report = (
        DamageReport.objects.backed_by(source.pk)
        .select_related("site")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        messages.error(
            request,
            f"Report #{report_id} is not one of this article's claims (it does not exist, or "
            "another article backs it). Nothing was changed.",
        )
        return _back(source.pk)
    version = request.POST.get("version", "")
    if not version.isdigit():
        messages.error(request, "The form did not say which version of the report you saw.")
        return _back(source.pk)
    version = int(version)
    try:
        if action == "publish":
            services.report_publish(report=report, user=request.user, expected_version=version)
            done = "published"
        elif action == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Choose a reason (and write it, for “Other”).")
                return _back(source.pk)
            services.report_reject(
                report=report, user=request.user, expected_version=version, **form.cleaned_data
            )
            done = f"rejected ({form.cleaned_data['reason']})"
        elif action == "edit":
            form = ClaimForm(
                request.POST,
                instance=report,
                prefix=f"r{report.pk}",
                site_labels={str(report.site_id): str(report.site)},
            )
            if not form.is_valid():
                return _refused(request, source, {report.pk: form})
            published = form.instance.review_status == ReviewStatus.PUBLISHED
            if published and not request.user.has_perm(services.PUBLISH_PERMISSION):
                # As on the report page: a curator's correction to public work takes effect
                # and is flagged for a reviewer.
                form.instance.needs_another_look = True
            services.report_update(
                report=form.instance, expected_version=version, user=request.user
            )
            messages.success(request, f"Report #{report.pk} saved; it is still to be decided.")
            url = reverse("review-desk-article", args=[source.pk])
            return redirect(f"{url}?focus={report.pk}")
        elif action == "settle":
            kind = request.POST.get("kind", "")
            chosen_id = request.POST.get("chosen", "")
            chosen = (
                Evidence.objects.filter(report=report, pk=int(chosen_id)).first()
                if chosen_id.isdigit()
                else None
            )
            if chosen is None and chosen_id != "elsewhere":
                messages.error(
                    request,
                    f"Report #{report.pk}: choose the statement to follow (or “decided from "
                    "elsewhere”). Nothing was changed.",
                )
                return _back(source.pk)
            services.report_settle(
                report=report,
                kind=kind,
                chosen=chosen,
                note=request.POST.get("note", ""),
                user=request.user,
                expected_version=version,
            )
            done = f"settled ({kind})"
        elif action == "merge":
            target_id = request.POST.get("target", "").strip().lstrip("#").split(" ")[0]
            target = (
                DamageReport.objects.filter(pk=int(target_id)).first()
                if target_id.isdigit()
                else None
            )
            if target is None or target.pk == report.pk:
                messages.error(
                    request,
                    "Choose the report to merge this one into (its number, e.g. 12). "
                    "Nothing was changed.",
                )
                return _back(source.pk)
            services.report_merge(
                target=target,
                others=[report],
                user=request.user,
                expected_versions={report.pk: version},
            )
            done = f"merged into report #{target.pk}"
        else:
            raise Http404("No such desk action.")
    except services.StaleReportError:
        messages.error(request, stale_message(report))
        return _back(source.pk)
    except ValidationError as error:
        messages.error(request, f"Report #{report.pk}: {' '.join(error.messages)}")
        return _back(source.pk)
    messages.success(request, f"Report #{report.pk} {done}.")
    return _back(source.pk, report.pk)


@require_POST
def desk_add(request, source_id: int):
    """A claim the importer missed, from a passage of the article."""
    _require(request, "heritage.add_damagereport")
    source = get_object_or_404(Source.objects.select_related("import_run"), pk=source_id)
    form = AddClaimForm(request.POST, prefix="add", site_labels={})
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            report = services.report_create_from_quote(
                source=source,
                user=request.user,
                quote=data.pop("quote"),
                char_start=data.pop("char_start"),
                char_end=data.pop("char_end"),
                **data,
            )
        except ValidationError as error:
            form.add_error(None if hasattr(error, "error_dict") else "quote", error)
        else:
            messages.success(request, f"Claim added as report #{report.pk}, pending review.")
            url = reverse("review-desk-article", args=[source.pk])
            return redirect(f"{url}?focus={report.pk}")
    return _refused(request, source, {"add": form})


def _staff(view):
    return admin.site.admin_view(view)


urlpatterns = [
    path("", _staff(desk_next), name="review-desk"),
    path("<int:source_id>/", _staff(desk_article), name="review-desk-article"),
    path("<int:source_id>/add/", _staff(desk_add), name="review-desk-add"),
    path(
        "<int:source_id>/report/<int:report_id>/<slug:action>/",
        _staff(desk_decide),
        name="review-desk-decide",
    ),
]
