"""The review desk (/admin/review/): who may use it, what it shows, what each card action does,
and that bad input changes nothing."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from heritage.models import DamageReport, ReviewDecision
from tests.factories import (
    ActorFactory,
    EvidenceFactory,
    ImportRunFactory,
    ReportFactory,
    SiteAliasFactory,
    SiteFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "Damascus, 27 March. Militants blew up the Temple of Bel on August 30, "
    "Maamoun Abdulkarim said. The weather was fine. The Arch was destroyed in October."
)


def article(run=None, text=TEXT, **fields):
    """An imported article backing two pending reports, each quoting one sentence."""
    source = SourceFactory(text=text, import_run=run or ImportRunFactory(), **fields)
    bel = SiteFactory(name="Temple of Bel", parent=SiteFactory(name="Palmyra"))
    SiteAliasFactory(site=bel, name="Bel Temple")
    arch = SiteFactory(name="Monumental Arch")
    reports = []
    for site, sentence in [
        (bel, "Militants blew up the Temple of Bel on August 30, Maamoun Abdulkarim said."),
        (arch, "The Arch was destroyed in October."),
    ]:
        report = ReportFactory(site=site, extent="unknown")
        start = text.index(sentence)
        EvidenceFactory(
            report=report,
            source=source,
            quote=sentence,
            char_start=start,
            char_end=start + len(sentence),
            attributed_to=ActorFactory(name="Maamoun Abdulkarim") if site is bel else None,
            attribution_text="Maamoun Abdulkarim" if site is bel else "",
            stated_date_text="on August 30" if site is bel else "in October",
            extracted_by="heritage-extract/1.0",
        )
        reports.append(report)
    return source, reports


def desk_url(source):
    return reverse("review-desk-article", args=[source.pk])


def decide_url(source, report, action):
    return reverse("review-desk-decide", args=[source.pk, report.pk, action])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_desk_is_for_staff_with_review_rights(client, curator_user):
    source, _ = article()
    response = client.get(desk_url(source))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    outsider = Client()
    outsider.force_login(UserFactory(username="no_rights"))  # staff, but in no group
    assert outsider.get(desk_url(source)).status_code == 403
    client.force_login(curator_user)
    assert client.get(desk_url(source)).status_code == 200


def test_review_opens_the_oldest_import_with_claims_to_decide(curator_client, reviewer_user):
    from heritage import services

    first, (bel, arch) = article()
    second, _ = article(text=TEXT + " Again.")
    start = reverse("review-desk")
    assert curator_client.get(start)["Location"] == desk_url(first)
    assert curator_client.get(f"{start}?after={first.pk}")["Location"] == desk_url(second)
    assert curator_client.get(f"{start}?run={second.import_run_id}")["Location"] == desk_url(second)
    for report in DamageReport.objects.all():
        services.report_publish(report=report, user=reviewer_user)
    response = curator_client.get(start)
    assert response.status_code == 200
    assert "Nothing waiting for review" in response.content.decode()


def test_the_article_shows_highlighted_claims_beside_their_cards(curator_client):
    source, (bel, arch) = article(outlet="Reuters")
    other = SourceFactory(outlet="AFP")
    EvidenceFactory(report=bel, source=other, attribution_text="SANA", stated_date_text="Sunday")
    html = curator_client.get(desk_url(source)).content.decode()
    assert (
        f'<a class="claim c0" href="#card-{bel.pk}" title="claim 1: Temple of Bel" '
        f'data-reports="{bel.pk}">Militants blew up the '
        '<span class="mention-site">Temple of Bel</span> on August 30, '
        '<span class="mention-claimant">Maamoun Abdulkarim</span> said.</a>'
    ) in html
    assert f'href="#card-{arch.pk}"' in html
    assert "1. Temple of Bel" in html and '<span class="parent">in Palmyra</span>' in html
    assert "date given: on August 30; in Reuters (this article)" in html
    assert "SANA; date given: Sunday; in AFP" in html
    assert "1 other source:" in html
    assert "0 of 2 claims decided in this article, 2 pending in this import run" in html
    # A curator sees no publish button; the other actions are there.
    assert 'data-action="publish"' not in html
    assert html.count('data-action="reject"') == 2


def test_reviewer_publishes_from_a_card_and_the_focus_moves_on(reviewer_client):
    source, (bel, arch) = article()
    response = reviewer_client.post(decide_url(source, bel, "publish"), {"version": "1"})
    assert response["Location"] == f"{desk_url(source)}?done={bel.pk}"
    bel.refresh_from_db()
    assert bel.review_status == "published"
    page = reviewer_client.get(response["Location"]).content.decode()
    assert f'id="card-{arch.pk}" data-report="{arch.pk}" tabindex="-1"' in page
    assert f'aria-labelledby="card-{arch.pk}-title" data-autofocus' in page
    assert "1 of 2 claims decided in this article, 1 pending in this import run" in page
    assert ReviewDecision.objects.get().outcome == "accepted"


def test_curator_publish_is_refused_on_the_server_and_changes_nothing(curator_client):
    source, (bel, _) = article()
    response = curator_client.post(decide_url(source, bel, "publish"), {"version": "1"})
    assert response.status_code == 403
    bel.refresh_from_db()
    assert (bel.review_status, bel.version, bel.published_at) == ("pending", 1, None)
    assert not ReviewDecision.objects.exists()


def test_reject_with_a_preset_reason(curator_client):
    source, (bel, _) = article()
    response = curator_client.post(
        decide_url(source, bel, "reject"), {"version": "1", "reason_code": "wrong_site"}
    )
    assert messages_of(response) == [f"Report #{bel.pk} rejected (Wrong site)."]
    bel.refresh_from_db()
    assert (bel.review_status, bel.review_note) == ("rejected", "Wrong site")
    decision = ReviewDecision.objects.get()
    assert (decision.reason, decision.extractor_version) == ("wrong_site", "heritage-extract/1.0")


def test_reject_as_other_needs_words(curator_client):
    source, (bel, _) = article()
    response = curator_client.post(
        decide_url(source, bel, "reject"), {"version": "1", "reason_code": "other"}
    )
    assert "Choose a reason (and write it, for “Other”)." in messages_of(response)
    bel.refresh_from_db()
    assert bel.review_status == "pending"


def test_edit_in_place_then_publish_records_a_correction(curator_client, reviewer_client):
    source, (bel, _) = article()
    data = {
        "version": "1",
        f"r{bel.pk}-site": str(bel.site_id),
        f"r{bel.pk}-event_type": "destroyed",
        f"r{bel.pk}-extent": "destroyed",
        f"r{bel.pk}-cause": "explosives",
        f"r{bel.pk}-event_date_earliest": "2015-08-30",
        f"r{bel.pk}-event_date_latest": "2015-08-30",
        f"r{bel.pk}-date_precision": "day",
        f"r{bel.pk}-summary": "Blown up.",
    }
    response = curator_client.post(decide_url(source, bel, "edit"), data)
    assert response["Location"] == f"{desk_url(source)}?focus={bel.pk}"
    bel.refresh_from_db()
    assert (bel.extent, bel.cause, bel.version, bel.review_status) == (
        "destroyed",
        "explosives",
        2,
        "pending",
    )
    reviewer_client.post(decide_url(source, bel, "publish"), {"version": "2"})
    decision = ReviewDecision.objects.get()
    assert decision.outcome == "corrected"
    assert set(decision.changes) == {
        "extent",
        "cause",
        "summary",
        "event_date_earliest",
        "event_date_latest",
    }


def test_an_invalid_edit_shows_the_form_again_with_its_errors(curator_client):
    source, (bel, _) = article()
    response = curator_client.post(
        decide_url(source, bel, "edit"),
        {"version": "1", f"r{bel.pk}-site": str(bel.site_id), f"r{bel.pk}-event_type": "nonsense"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    bel.refresh_from_db()
    assert bel.version == 1


def test_a_stale_version_is_refused_and_nothing_changes(curator_client, reviewer_client):
    source, (bel, _) = article()
    bel.summary = "Someone else's edit."
    from heritage import services

    services.report_update(report=bel, expected_version=1)
    response = reviewer_client.post(decide_url(source, bel, "publish"), {"version": "1"})
    assert "Someone else saved this report while you were editing it" in messages_of(response)[0]
    response = curator_client.post(
        decide_url(source, bel, "reject"), {"version": "1", "reason_code": "not_a_claim"}
    )
    assert "Your changes were NOT saved" in messages_of(response)[0]
    bel.refresh_from_db()
    assert (bel.review_status, bel.version) == ("pending", 2)
    assert not ReviewDecision.objects.exists()


def test_unknown_report_or_wrong_article_is_refused_and_nothing_changes(curator_client):
    source, (bel, _) = article()
    elsewhere = ReportFactory()
    EvidenceFactory(report=elsewhere)
    for report_id in [elsewhere.pk, 999999]:
        url = reverse("review-desk-decide", args=[source.pk, report_id, "reject"])
        response = curator_client.post(url, {"version": "1", "reason_code": "not_a_claim"})
        assert response["Location"] == desk_url(source)
        assert messages_of(response)[-1:] == [
            f"Report #{report_id} is not one of this article's claims (it does not exist, or "
            "another article backs it). Nothing was changed."
        ]
    elsewhere.refresh_from_db()
    assert elsewhere.review_status == "pending"
    missing = reverse("review-desk-decide", args=[999999, bel.pk, "publish"])
    assert curator_client.post(missing, {"version": "1"}).status_code == 404
    assert (
        curator_client.post(decide_url(source, bel, "explode"), {"version": "1"}).status_code == 404
    )
    assert not ReviewDecision.objects.exists()


def test_merge_into_another_report_of_the_same_site(curator_client):
    source, (bel, _) = article()
    earlier = ReportFactory(site=bel.site)
    EvidenceFactory(report=earlier)
    page = curator_client.get(desk_url(source)).content.decode()
    assert f'<option value="{earlier.pk}">#{earlier.pk} Destroyed' in page
    for target in ["nope", str(bel.pk)]:
        response = curator_client.post(
            decide_url(source, bel, "merge"), {"version": "1", "target": target}
        )
        assert "Choose the report to merge this one into" in messages_of(response)[-1]
    response = curator_client.post(
        decide_url(source, bel, "merge"), {"version": "1", "target": f"#{earlier.pk}"}
    )
    assert messages_of(response)[-1] == f"Report #{bel.pk} merged into report #{earlier.pk}."
    bel.refresh_from_db()
    assert bel.merged_into == earlier
    assert ReviewDecision.objects.get().reason == "duplicate"


def test_add_claim_from_a_selection(curator_client, curator_user):
    source, _ = article()
    site = SiteFactory(name="Weather station")
    start = TEXT.index("The weather was fine.")
    data = {
        "add-quote": "The weather was fine.",
        "add-char_start": str(start),
        "add-char_end": str(start + 21),
        "add-site": str(site.pk),
        "add-event_type": "other",
        "add-extent": "unknown",
        "add-cause": "unknown",
        "add-date_precision": "unknown",
    }
    response = curator_client.post(reverse("review-desk-add", args=[source.pk]), data)
    report = DamageReport.objects.get(site=site)
    assert response["Location"] == f"{desk_url(source)}?focus={report.pk}"
    evidence = report.evidence.get()
    assert (evidence.source, evidence.char_start, evidence.extracted_by) == (
        source,
        start,
        "curator cora_curator",
    )
    assert ReviewDecision.objects.get(report=report).outcome == "added"

    data["add-quote"] = "Words the article never used."
    response = curator_client.post(reverse("review-desk-add", args=[source.pk]), data)
    assert response.status_code == 400
    assert "The quote is not in the article" in response.content.decode()
    assert DamageReport.objects.filter(site=site).count() == 1


def test_the_desk_is_linked_from_the_start_page_runs_and_sources(admin_client):
    source, _ = article()
    assert reverse("review-desk") in admin_client.get(reverse("admin:index")).content.decode()
    run_page = admin_client.get(
        reverse("admin:sources_importrun_change", args=[source.import_run_id])
    )
    assert f"/admin/review/?run={source.import_run_id}" in run_page.content.decode()
    source_page = admin_client.get(reverse("admin:sources_source_change", args=[source.pk]))
    assert desk_url(source) in source_page.content.decode()


@pytest.mark.parametrize("claims", [2, 12])
def test_desk_queries_do_not_grow_with_the_claims(
    curator_client, django_assert_num_queries, claims
):
    sentences = [f"Sentence {n} says the Temple of Bel {n} was hit. " for n in range(claims)]
    text = "".join(sentences)
    source = SourceFactory(text=text, import_run=ImportRunFactory())
    for n, sentence in enumerate(sentences):
        site = SiteFactory(name=f"Temple of Bel {n}", parent=SiteFactory())
        SiteAliasFactory(site=site)
        report = ReportFactory(site=site)
        start = text.index(sentence)
        EvidenceFactory(
            report=report,
            source=source,
            quote=sentence.strip(),
            char_start=start,
            char_end=start + len(sentence.strip()),
            attributed_to=ActorFactory(),
        )
        EvidenceFactory(report=report)  # and another article behind it
    url = desk_url(source)
    curator_client.get(url)  # warms the content-type cache
    # 1 session, 2 user, 3-4 the user's and their groups' permissions, 5 the article with its
    # import run, 6 its reports with their sites and parents, 7 their evidence with sources
    # and claimants, 8 the sites' spellings, 9 reports the cards could merge into, 10 claims
    # pending in the import run.
    with django_assert_num_queries(10):
        response = curator_client.get(url)
    assert response.content.decode().count('class="desk-card c') == claims


def test_the_rendered_article_is_the_source_text_character_for_character():
    """The desk's offsets for a selection are read off the page's text: the HTML may add tags
    but never a character, and escapes everything."""
    import html
    import re

    from heritage.admin.desk import Card, render_article

    text = "A <b>&amp; B.\nThe Temple of Bel & the Arch fell. Tail"
    one = Card(
        report=ReportFactory.build(pk=1, site=SiteFactory.build(name="Bel")),
        number=1,
        first_offset=0,
    )
    two = Card(
        report=ReportFactory.build(pk=2, site=SiteFactory.build(name="Arch")),
        number=2,
        first_offset=0,
    )
    rendered = render_article(
        text,
        [(14, 49, one), (30, 49, two), (0, 5, two)],  # overlapping claims
        [(18, 31, "site"), (26, 33, "claimant")],  # overlapping marks
    )
    assert "<b>" not in rendered
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)) == text
    assert 'data-reports="1 2"' in rendered and 'class="claim c0 multi"' in rendered


@pytest.mark.parametrize("count", [2, 70])
def test_decision_changelist_queries(admin_client, django_assert_num_queries, count):
    from heritage import services

    reviewer = UserFactory(username="rev", is_superuser=True)
    for _ in range(count):
        report = ReportFactory()
        EvidenceFactory(report=report, extracted_by="heritage-extract/1.0")
        services.report_publish(report=report, user=reviewer)
    # 1 session, 2 user, 3 count, 4 the page of decisions with their reports, sites and
    # deciders, 5 the date links' first and last day, 6 the days within (all today here),
    # 7 extractor versions for their filter.
    with django_assert_num_queries(7):
        response = admin_client.get(reverse("admin:heritage_reviewdecision_changelist"))
    assert len(response.context["cl"].result_list) == min(count, 100)


def test_a_curators_desk_edit_of_published_work_is_flagged_and_recorded(
    curator_client, reviewer_user
):
    from heritage import services

    source, (bel, _) = article()
    services.report_publish(report=bel, user=reviewer_user)
    bel.refresh_from_db()
    data = {
        "version": str(bel.version),
        f"r{bel.pk}-site": str(bel.site_id),
        f"r{bel.pk}-event_type": bel.event_type,
        f"r{bel.pk}-extent": "severe",
        f"r{bel.pk}-cause": bel.cause,
        f"r{bel.pk}-event_date_earliest": "2015-08-23",
        f"r{bel.pk}-event_date_latest": "2015-08-23",
        f"r{bel.pk}-date_precision": "day",
        f"r{bel.pk}-summary": bel.summary,
    }
    curator_client.post(decide_url(source, bel, "edit"), data)
    bel.refresh_from_db()
    assert (bel.extent, bel.review_status, bel.needs_another_look) == ("severe", "published", True)
    latest = ReviewDecision.objects.order_by("-id").first()
    assert (latest.outcome, latest.changes) == (
        "corrected",
        {"extent": {"from": "unknown", "to": "severe"}},
    )


def contested_article():
    """The Temple of Bel's report with a second claimant who gives another date."""
    import datetime as dt

    source, (bel, arch) = article()
    chief = bel.evidence.get()
    chief.stated_date_earliest = chief.stated_date_latest = dt.date(2015, 8, 30)
    chief.stated_date_precision = "day"
    chief.save()
    monitor = EvidenceFactory(
        report=bel,
        source=SourceFactory(outlet="Monitor"),
        quote="The temple was blown up in July.",
        attributed_to=ActorFactory(name="A Monitor"),
        attribution_text="A Monitor",
        stated_date_text="in July",
        stated_date_earliest=dt.date(2015, 7, 1),
        stated_date_latest=dt.date(2015, 7, 31),
        stated_date_precision="month",
        asserted_event_type="destroyed",
    )
    DamageReport.objects.filter(pk=bel.pk).update(
        confidence="contested",
        disagreements=[
            {"kind": "date", "text": "date: Maamoun Abdulkarim 30 Aug 2015; A Monitor Jul 2015"}
        ],
    )
    bel.refresh_from_db()
    return source, bel, chief, monitor


def test_settle_a_disagreement_from_the_card(curator_client):
    source, bel, chief, monitor = contested_article()
    page = curator_client.get(desk_url(source)).content.decode()
    assert (
        "<strong>Contested</strong> — date: Maamoun Abdulkarim 30 Aug 2015; A Monitor Jul 2015"
    ) in page
    assert f'value="{monitor.pk}" id="settle-{bel.pk}-date-{monitor.pk}" required' in page
    assert "A Monitor: in July, destroyed (Monitor)" in page

    response = curator_client.post(
        decide_url(source, bel, "settle"),
        {"version": "1", "kind": "date", "chosen": str(monitor.pk), "note": "Residents agree."},
    )
    assert messages_of(response) == [f"Report #{bel.pk} settled (date)."]
    bel.refresh_from_db()
    assert (str(bel.event_date_earliest), str(bel.event_date_latest)) == (
        "2015-07-01",
        "2015-07-31",
    )
    assert bel.disagreements[0]["settled"] is True and bel.confidence != "contested"
    settlement = bel.settlements.get()
    assert (settlement.chosen, settlement.note) == (monitor, "Residents agree.")
    page = curator_client.get(desk_url(source)).content.decode()
    assert "<strong>Settled</strong> — date:" in page
    assert 'data-panel="settle"' not in page


def test_a_bad_settlement_is_refused_and_nothing_changes(curator_client):
    source, bel, chief, monitor = contested_article()
    other = EvidenceFactory()  # a statement of another report
    url = decide_url(source, bel, "settle")
    before = (bel.event_date_earliest, bel.event_date_latest)
    for data, message in [
        ({"kind": "date", "note": "No choice."}, "choose the statement to follow"),
        ({"kind": "date", "chosen": str(other.pk), "note": "x"}, "choose the statement"),
        ({"kind": "date", "chosen": str(chief.pk), "note": "  "}, "Say why this statement"),
        ({"kind": "weather", "chosen": str(chief.pk), "note": "x"}, "Unknown disagreement kind"),
        ({"version": "7", "kind": "date", "chosen": str(chief.pk), "note": "x"}, "NOT saved"),
    ]:
        response = curator_client.post(url, {"version": "1", **data})
        assert response["Location"] == desk_url(source)
        assert message in messages_of(response)[-1], messages_of(response)
    bel.refresh_from_db()
    assert (bel.version, bel.confidence) == (1, "contested")
    assert (bel.event_date_earliest, bel.event_date_latest) == before
    assert not bel.disagreements[0].get("settled") and not bel.settlements.exists()
