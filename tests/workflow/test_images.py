"""Lead images: refused when unsafe, re-encoded without metadata, rendered once."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles import images, services
from articles.models import Article
from tests.workflow.conftest import change_url, form_data

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def photo(fmt="JPEG", size=(1200, 800), mode="RGB", gps=False):
    image = Image.new(mode, size, (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30))
    out = io.BytesIO()
    kwargs = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "SpyCam"  # Make
        exif[0x0112] = 6  # Orientation: rotate 90°
        exif[GPS_IFD] = {1: "N", 2: (51.0, 10.0, 0.0), 3: "E", 4: (71.0, 26.0, 0.0)}
        kwargs["exif"] = exif
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def png_declaring(width, height):
    """A tiny PNG whose header claims ``width`` x ``height`` pixels."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def upload(data, name):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def refusal(data, name):
    with pytest.raises(ValidationError) as caught:
        images.clean_upload(upload(data, name))
    return caught.value.messages[0]


def test_decompression_bomb_is_refused_with_a_clear_message():
    assert "too many pixels" in refusal(png_declaring(100_000, 100_000), "bomb.png")


def test_image_over_the_pixel_limit_but_under_pillows_error_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000  # Pillow would only warn at 1-2 million

    assert "too many pixels" in refusal(png_declaring(1500, 1000), "big.png")


def test_non_image_renamed_jpg_is_refused():
    message = refusal(b"%PDF-1.7 this is a document, not a photo", "leak.jpg")

    assert "not a JPEG, PNG or WebP image" in message


def test_png_named_jpg_is_refused_as_the_wrong_type():
    assert "it is a PNG image" in refusal(photo("PNG"), "photo.jpg")


def test_oversized_file_is_refused_with_the_limit(settings):
    settings.IMAGE_MAX_BYTES = 2048

    assert "the limit is 2.0\xa0KB" in refusal(photo(size=(800, 800)), "photo.jpg")


def test_gif_is_refused():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")

    assert "not accepted" in refusal(out.getvalue(), "anim.gif")


def test_cleaned_original_carries_no_exif_and_is_upright():
    clean = images.clean_upload(upload(photo(gps=True), "source.jpg"))

    image = Image.open(io.BytesIO(clean.read()))
    assert dict(image.getexif()) == {}
    assert image.size == (800, 1200)  # orientation applied before the tag was dropped


def save_with_image(editor, draft, data, name="photo.jpg"):
    article = Article.objects.get(pk=draft.pk)
    article.lead_image = upload(data, name)
    article.lead_image_alt = "Ministers shake hands"
    return services.article_save_edit(article=article, by=editor, expected_version=article.version)


def test_renditions_exist_with_right_widths_and_formats(editor, draft):
    article = save_with_image(editor, draft, photo(size=(2000, 1000)))

    r = Article.objects.get(pk=article.pk).lead_image_renditions
    assert {name: r[name]["width"] for name in r} == {
        "thumbnail": 320,
        "medium": 800,
        "large": 1600,
    }
    assert r["medium"]["height"] == 400
    assert r["medium"]["fallback_type"] == "image/jpeg"
    for entry in r.values():
        for key, fmt in (("webp", "WEBP"), ("fallback", "JPEG")):
            name = images.rendition_names({"x": {key: entry[key]}})[0]
            with default_storage.open(name) as stored:
                assert Image.open(stored).format == fmt


def test_renditions_and_stored_original_carry_no_exif(editor, draft):
    article = save_with_image(editor, draft, photo(gps=True))

    stored = Article.objects.get(pk=article.pk)
    with stored.lead_image.open("rb") as original:
        assert dict(Image.open(original).getexif()) == {}
    for name in images.rendition_names(stored.lead_image_renditions):
        with default_storage.open(name) as rendition:
            assert dict(Image.open(rendition).getexif()) == {}


def test_transparent_png_falls_back_to_png(editor, draft):
    article = save_with_image(editor, draft, photo("PNG", mode="RGBA"), name="logo.png")

    assert article.lead_image_renditions["thumbnail"]["fallback_type"] == "image/png"


def test_small_image_is_not_upscaled(editor, draft):
    article = save_with_image(editor, draft, photo(size=(500, 250)))

    assert article.lead_image_renditions["large"]["width"] == 500


def test_old_renditions_are_removed_when_the_image_changes(
    editor, draft, django_capture_on_commit_callbacks
):
    first = save_with_image(editor, draft, photo())
    old_names = images.rendition_names(first.lead_image_renditions)

    with django_capture_on_commit_callbacks(execute=True):
        save_with_image(editor, draft, photo(size=(900, 900)))

    assert old_names and not any(default_storage.exists(name) for name in old_names)


def test_admin_upload_of_a_fake_image_comes_back_with_the_message(editor_client, draft):
    data = form_data(draft, lead_image_alt="A photo")
    data["lead_image"] = upload(b"not an image at all", "photo.jpg")

    response = editor_client.post(change_url(draft), data)

    assert response.status_code == 200
    assert (
        "not a JPEG, PNG or WebP image"
        in response.context["adminform"].form.errors["lead_image"][0]
    )


def test_admin_upload_without_alt_text_is_refused(editor_client, draft):
    data = form_data(draft)
    data["lead_image"] = upload(photo(), "photo.jpg")

    response = editor_client.post(change_url(draft), data)

    assert response.status_code == 200
    assert "lead_image_alt" in response.context["adminform"].form.errors


def test_admin_upload_renders_renditions(editor_client, draft):
    data = form_data(draft, lead_image_alt="Delegations at the table")
    data["lead_image"] = upload(photo(gps=True), "talks.jpg")

    response = editor_client.post(change_url(draft), data)

    assert response.status_code == 302
    stored = Article.objects.get(pk=draft.pk)
    assert set(stored.lead_image_renditions) == {"thumbnail", "medium", "large"}
    assert stored.lead_image.name.endswith(".jpg")


def test_imported_image_credit_fills_an_empty_credit(draft):
    article = Article.objects.get(pk=draft.pk)
    article.image_credit = "Photo: Akorda press service"
    article.save()

    assert Article.objects.get(pk=draft.pk).lead_image_credit == "Photo: Akorda press service"
