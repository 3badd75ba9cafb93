"""Photos: Pillow checks every upload; what is stored carries no metadata; thumbnails."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, PngImagePlugin

from heritage.models import Photo
from heritage.photos import photo_prepare
from heritage.services import photo_create
from tests.factories import ReportFactory, SiteFactory
from tests.heritage.admin_helpers import change_form_data

pytestmark = pytest.mark.django_db


def jpeg_with_gps(size=(640, 480)) -> bytes:
    image = Image.new("RGB", size, (180, 120, 60))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    exif[ExifTags.Base.Artist] = "Photographer Name"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (34.0, 33.0, 5.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (38.0, 16.0, 8.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_the_test_image_really_carries_gps():
    exif = Image.open(io.BytesIO(jpeg_with_gps())).getexif()
    assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] == (34.0, 33.0, 5.0)


def test_gps_and_all_exif_are_stripped_and_a_thumbnail_made():
    photo = photo_create(site=SiteFactory(), upload=upload(jpeg_with_gps()), caption="Arch")
    with photo.image.open("rb") as stored:
        data = stored.read()
    stored_image = Image.open(io.BytesIO(data))
    assert stored_image.size == (640, 480)
    assert dict(stored_image.getexif()) == {}
    assert "exif" not in stored_image.info
    assert b"TestCam" not in data and b"Photographer" not in data
    with photo.thumbnail.open("rb") as thumb_file:
        thumb = Image.open(io.BytesIO(thumb_file.read()))
    assert max(thumb.size) == 400
    assert dict(thumb.getexif()) == {}


def test_png_text_chunks_are_stripped():
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "34.55N 38.26E")
    buffer = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 255, 128)).save(buffer, "PNG", pnginfo=info)
    prepared = photo_prepare(upload(buffer.getvalue(), "p.png", "image/png"))
    data = prepared.image.read()
    assert b"34.55N" not in data
    assert Image.open(io.BytesIO(data)).format == "PNG"


def gif_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    return buffer.getvalue()


def bomb_png(width, height):
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")  # tiny file, huge picture
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not an image at all", "not an image"),
        (gif_bytes(), "GIF images are not accepted"),
        (jpeg_with_gps()[:300], "damaged or cut short"),
        (bomb_png(9_000, 9_000), "the limit is 50 megapixels"),
    ],
    ids=["not-an-image", "wrong-format", "truncated", "too-many-pixels"],
)
def test_bad_uploads_are_refused_with_a_clear_message(data, message):
    with pytest.raises(ValidationError) as error:
        photo_prepare(upload(data))
    assert message in error.value.messages[0]


def test_decompression_bomb_is_refused_even_under_our_pixel_limit(settings):
    # Pillow's own guard: a picture past its MAX_IMAGE_PIXELS is a bomb, whatever ours says.
    settings.PHOTO_MAX_PIXELS = 10**12
    Image.MAX_IMAGE_PIXELS, saved = 1_000_000, Image.MAX_IMAGE_PIXELS
    try:
        for side in (1_100, 1_500):  # past the limit (warning), past twice it (error)
            with pytest.raises(ValidationError) as error:
                photo_prepare(upload(bomb_png(side, side), "b.png", "image/png"))
            assert "decompression bombs" in error.value.messages[0]
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def test_too_many_bytes_refused(settings):
    settings.PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="the limit is 0 MB"):
        photo_prepare(upload(jpeg_with_gps()))


def test_upload_on_the_site_page_stores_a_clean_photo_and_shows_thumbnail(curator_client):
    site = SiteFactory()
    url = reverse("admin:heritage_heritagesite_change", args=[site.pk])
    data = change_form_data(curator_client.get(url))
    prefix = "photos"
    data[f"{prefix}-0-image"] = upload(jpeg_with_gps())
    data[f"{prefix}-0-caption"] = "The arch before"
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    photo = Photo.objects.get(site=site)
    assert dict(Image.open(photo.image.path).getexif()) == {}
    page = curator_client.get(url).content.decode()
    assert photo.thumbnail.url in page
    listing = curator_client.get(reverse("admin:heritage_photo_changelist")).content.decode()
    assert photo.thumbnail.url in listing


def test_bad_upload_on_the_report_page_is_refused_and_nothing_saved(curator_client):
    report = ReportFactory()
    url = reverse("admin:heritage_damagereport_change", args=[report.pk])
    data = change_form_data(curator_client.get(url))
    data["summary"] = "Edited with a bad photo"
    data["photos-TOTAL_FORMS"] = "1"
    data["photos-0-image"] = upload(gif_bytes(), "x.gif", "image/gif")
    response = curator_client.post(url, data)
    assert response.status_code == 200
    assert "GIF images are not accepted" in response.content.decode()
    report.refresh_from_db()
    assert report.summary != "Edited with a bad photo"
    assert not Photo.objects.exists()


def test_upload_on_the_report_page_attaches_to_the_report_and_its_site(curator_client):
    report = ReportFactory()
    url = reverse("admin:heritage_damagereport_change", args=[report.pk])
    data = change_form_data(curator_client.get(url))
    data["photos-TOTAL_FORMS"] = "1"
    data["photos-0-image"] = upload(jpeg_with_gps())
    response = curator_client.post(url, data)
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.report_id, photo.site_id) == (report.pk, report.site_id)
