"""The API documentation works in a real browser with no network beyond this server."""

import pytest

from tests.api.conftest import publish
from tests.factories import ReportFactory, SiteFactory


@pytest.mark.django_db(transaction=True)
def test_api_docs_render_offline_and_try_a_request(
    live_server, page, console_errors, artifacts_dir, reviewer
):
    publish(ReportFactory(site=SiteFactory(name="Temple of Bel", slug="temple-of-bel")), reviewer)
    foreign = []

    def only_this_server(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:  # a CDN font, script or stylesheet would land here
            foreign.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    page.goto(f"{live_server.url}/api/docs/")
    page.get_by_text("Heritage damage tracker API").first.wait_for()
    operation = page.locator("#operations-sites-sites_list")
    operation.wait_for()
    operation.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    response = page.locator(".live-responses-table .response-col_description pre").first
    response.wait_for()
    assert "temple-of-bel" in response.inner_text()
    page.screenshot(path=str(artifacts_dir / "api-docs.png"), full_page=False)
    assert foreign == []
    assert console_errors == []
