"""The browser harness itself works: Chromium logs into the real admin over a live server."""

import pytest

from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_admin_login_in_chromium(live_server, page, console_errors, artifacts_dir):
    UserFactory(username="alice", is_superuser=True)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.get_by_role("heading", name="Curation").is_visible()
    page.screenshot(path=str(artifacts_dir / "admin-index.png"))
    assert (artifacts_dir / "admin-index.png").stat().st_size > 0
    assert console_errors == []
