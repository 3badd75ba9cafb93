"""Security behaviour of the deployed app: login lockout, headers, error pages."""

import pytest
from django.test import override_settings
from django.urls import path

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def failing_view(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [path("boom/", failing_view)]


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_admin_login_locks_out_after_repeated_failures(client):
    UserFactory(username="alice", is_superuser=True)
    for _ in range(2):
        response = client.post("/admin/login/", {"username": "alice", "password": "wrong"})
        assert response.status_code == 200  # the login form again, with an error
    # The third failure locks the account out from this address.
    response = client.post("/admin/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 429
    # Even the right password is refused now.
    response = client.post("/admin/login/", {"username": "alice", "password": "pw"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_lockout_is_per_username_and_address(client):
    UserFactory(username="alice", is_superuser=True)
    UserFactory(username="bob", is_superuser=True)
    for _ in range(3):
        client.post("/admin/login/", {"username": "alice", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "bob", "password": "pw"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_successful_login_before_the_limit_resets_the_count(client):
    UserFactory(username="alice", is_superuser=True)
    for _ in range(2):
        client.post("/admin/login/", {"username": "alice", "password": "wrong"})
    assert client.post("/admin/login/", {"username": "alice", "password": "pw"}).status_code == 302
    client.logout()
    for _ in range(2):
        client.post("/admin/login/", {"username": "alice", "password": "wrong"})
    assert client.post("/admin/login/", {"username": "alice", "password": "pw"}).status_code == 302


def test_security_headers(client):
    response = client.get("/admin/login/", secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    # HSTS only over HTTPS: on plain HTTP the header is meaningless and is not sent.
    assert "Strict-Transport-Security" not in client.get("/admin/login/")


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_shows_no_traceback(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "secret internal detail" not in body
    assert "Traceback" not in body


def test_content_security_policy_forbids_inline_and_foreign_scripts(client):
    for address in ("/", "/admin/login/", "/api/v1/"):
        policy = client.get(address)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'", address
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe-inline" not in directives["script-src"]


def test_api_docs_load_their_script_from_a_file_not_inline(client):
    html = client.get("/api/docs/").content.decode()
    assert "<script>" not in html.replace(" ", "")


def test_uploaded_files_get_safe_names_and_are_never_stored_as_html(tmp_path, settings):
    import io
    import re

    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from heritage.services import photo_create
    from tests.factories import SiteFactory

    settings.MEDIA_ROOT = tmp_path
    site = SiteFactory()
    script = b"<html><script>alert(document.cookie)</script></html>"
    with pytest.raises(ValidationError):
        photo_create(site=site, upload=SimpleUploadedFile("holiday.jpg", script))

    png = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(png, format="PNG")
    photo = photo_create(
        site=site, upload=SimpleUploadedFile("../../<b>evil</b>.html", png.getvalue())
    )
    # A random name with the extension of the real format, whatever the uploader called it.
    assert re.fullmatch(r"photos/[0-9a-f]{32}\.png", photo.image.name)
    assert re.fullmatch(r"photos/thumbs/[0-9a-f]{32}-thumb\.jpg", photo.thumbnail.name)
