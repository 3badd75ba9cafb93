"""Two reviewers acting on one report at the same moment, on PostgreSQL (real row locks).

Each test starts real threads with their own database connections, released together by a
barrier, so the writes genuinely race; SQLite serializes writers and is skipped.
"""

import threading

import pytest
from django.db import connection, connections

from heritage import services
from heritage.models import DamageReport, Extent
from tests.factories import ReportFactory, SiteFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row-lock races need PostgreSQL"),
]


def race(*actions):
    """Run the actions at once in threads; return what each returned or raised."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=10)
            results[index] = action()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each side got
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def fresh(report):
    return DamageReport.objects.get(pk=report.pk)


def test_two_edits_from_the_same_version_one_wins_one_is_told(reviewer):
    report = ReportFactory(summary="imported")
    loaded = report.version

    def edit(summary):
        def action():
            copy = fresh(report)
            copy.summary = summary
            return services.report_update(report=copy, expected_version=loaded)

        return action

    results = race(edit("first curator"), edit("second curator"))
    errors = [r for r in results if isinstance(r, services.StaleReportError)]
    saved = [r for r in results if isinstance(r, DamageReport)]
    assert len(errors) == 1 and len(saved) == 1, results
    stored = fresh(report)
    assert stored.summary == saved[0].summary
    assert stored.version == loaded + 1


def test_publish_and_edit_at_once_lose_nothing(reviewer):
    site = SiteFactory()
    report = ReportFactory(site=site, extent=Extent.MODERATE, summary="imported")

    def publish():
        return services.report_publish(report=fresh(report), user=reviewer)

    def edit():
        copy = fresh(report)
        copy.extent = Extent.DESTROYED
        copy.summary = "corrected"
        return services.report_update(report=copy)

    results = race(publish, edit)
    assert not any(isinstance(r, Exception) for r in results), results
    stored = fresh(report)
    site.refresh_from_db()
    # Both writes are applied on top of each other, never one over the other's stale copy...
    assert stored.version == 3
    # ...and the site's status agrees with the stored report, whichever order they ran in.
    if stored.review_status == DamageReport.ReviewStatus.PUBLISHED:
        assert site.status == stored.extent
    else:
        assert site.status == Extent.UNKNOWN


def test_publish_and_retract_races_leave_status_consistent(reviewer):
    site = SiteFactory()
    older = services.report_publish(
        report=ReportFactory(site=site, extent=Extent.MINOR), user=reviewer
    )
    report = ReportFactory(site=site, extent=Extent.DESTROYED)
    services.report_publish(report=report, user=reviewer)

    results = race(
        lambda: services.report_retract(report=fresh(report), user=reviewer, reason="dup"),
        lambda: services.report_publish(report=fresh(older), user=reviewer),
    )
    assert not any(isinstance(r, Exception) for r in results), results
    site.refresh_from_db()
    expected = site.status
    site.refresh_status()
    site.refresh_from_db()
    assert site.status == expected == Extent.MINOR


@pytest.mark.parametrize("attempt", range(8))
def test_two_publications_at_once_give_the_status_of_the_latest_event(reviewer, attempt):
    site = SiteFactory()
    earlier = ReportFactory(site=site, extent=Extent.MINOR)
    later = ReportFactory(site=site, extent=Extent.DESTROYED)
    DamageReport.objects.filter(pk=later.pk).update(
        event_date_earliest="2015-09-01", event_date_latest="2015-09-01"
    )
    results = race(
        lambda: services.report_publish(report=fresh(earlier), user=reviewer),
        lambda: services.report_publish(report=fresh(later), user=reviewer),
    )
    assert not any(isinstance(r, Exception) for r in results), results
    site.refresh_from_db()
    # Each transaction saw only its own report; the status must still reflect both.
    assert site.status == Extent.DESTROYED
