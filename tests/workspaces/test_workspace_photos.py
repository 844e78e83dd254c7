"""Workspace photos: what an upload must be, metadata stripped, sizes made by a task (never in the
request), files only through the storage API, and only a workspace's managers may touch them."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation
from django_tasks import default_task_backend
from PIL import Image

from alpsatellites.workspaces.models import WorkspacePhoto
from alpsatellites.workspaces.photo_tasks import photo_sizes_make
from alpsatellites.workspaces.photos import WIDTHS, PhotoRejected, photo_clean
from tests.factories import UserFactory
from tests.workspaces.factories import WorkspaceFactory

pytestmark = pytest.mark.django_db

# Only the storage API works with it: any code using a path (.path(), open()) would fail.
IN_MEMORY = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
QUEUED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
GPS_IFD = 0x8825


def jpeg_with_gps(width=2000, height=1500) -> bytes:
    """A real JPEG carrying a camera model and GPS coordinates in its EXIF, like a phone's."""
    image = Image.new("RGB", (width, height), (40, 120, 160))
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # Model
    exif[0x0112] = 1  # Orientation
    exif[GPS_IFD] = {1: "N", 2: (44.0, 53.0, 57.0), 3: "E", 4: (6.0, 38.0, 9.0)}
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif)
    return output.getvalue()


def png_bytes(width=600, height=400) -> bytes:
    output = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 30, 30, 128)).save(output, "PNG")
    return output.getvalue()


def upload(data: bytes, content_type="image/jpeg", name="IMG_2031.jpg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def _memory_storage_and_english():
    with override_settings(STORAGES=IN_MEMORY), translation.override("en"):
        yield


@pytest.fixture
def manager():
    return UserFactory(email="manager@example.org")


@pytest.fixture
def workspace(manager):
    return WorkspaceFactory(slug="le-refuge", managers=[manager])


def post_photo(client, workspace, data, content_type="image/jpeg", **fields):
    values = {"action": "upload", "original": upload(data, content_type), "alt_text_fr": "Salle"}
    values.update(fields)
    return client.post(f"/en/manage/workspaces/{workspace.slug}/photos/", values)


def test_the_photo_is_cleaned_of_its_exif_and_gps():
    original = Image.open(io.BytesIO(jpeg_with_gps()))
    assert original.getexif().get_ifd(GPS_IFD)  # the test photo does carry a position
    clean = photo_clean(jpeg_with_gps(), "image/jpeg")
    stored = Image.open(io.BytesIO(clean.content))
    assert stored.format == "JPEG"
    assert not stored.getexif()  # no camera, no position, nothing
    assert b"Phone X" not in clean.content
    assert (clean.width, clean.height) == (2000, 1500)


@pytest.mark.parametrize(
    ("data", "content_type", "message"),
    [
        (b"not an image at all", "image/jpeg", "not a photo that can be read"),
        (png_bytes(), "image/jpeg", "type does not match"),  # a PNG sent as a JPEG
        (jpeg_with_gps(64, 48), "image/png", "type does not match"),
        (b"%PDF-1.4 ...", "application/pdf", "JPEG, PNG or WebP"),
        (jpeg_with_gps(64, 48)[:200], "image/jpeg", "not a photo that can be read"),  # truncated
    ],
)
def test_what_is_not_an_acceptable_photo_is_refused(data, content_type, message):
    with pytest.raises(PhotoRejected, match=message) as refusal:
        photo_clean(data, content_type)
    assert refusal.value.field == "original"


def test_a_manager_uploads_a_photo_and_a_task_makes_its_sizes(
    client, manager, workspace, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with override_settings(TASKS=QUEUED):
        default_task_backend.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = post_photo(client, workspace, jpeg_with_gps(), alt_text_en="Meeting room")
        assert response.status_code == 302
        photo = WorkspacePhoto.objects.get()
        # Nothing resized in the request: the task waits in the queue with the photo's id.
        assert photo.sizes == {}
        (result,) = default_task_backend.results
        assert result.task.func is photo_sizes_make.func
        assert result.args == [photo.pk]
    assert photo.alt_text_fr == "Salle" and photo.alt_text_en == "Meeting room"
    assert default_storage.exists(photo.original.name)
    assert "IMG_2031" not in photo.original.name  # the uploader's file name is not kept
    with default_storage.open(photo.original.name) as stored:
        assert not Image.open(stored).getexif()
    # Until then the page shows a neutral placeholder, not a broken image.
    page = client.get(f"/en/workspaces/{workspace.slug}/").content.decode()
    assert "Photo being prepared" in page

    photo_sizes_make.call(photo.pk)
    photo.refresh_from_db()
    assert sorted(int(width) for width in photo.sizes) == list(WIDTHS)
    for width, name in photo.sizes.items():
        with default_storage.open(name) as stored:
            image = Image.open(stored)
            assert (image.format, image.width) == ("WEBP", int(width))
    page = client.get(f"/en/workspaces/{workspace.slug}/").content.decode()
    assert 'srcset="/media/' in page and "480w" in page and "1600w" in page
    assert 'alt="Meeting room"' in page and "sizes=" in page


def test_a_small_photo_is_not_enlarged():
    from alpsatellites.workspaces.photos import photo_sizes

    sizes = photo_sizes(photo_clean(jpeg_with_gps(700, 500), "image/jpeg").content)
    assert sorted(sizes) == [480, 700]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"alt_text_fr": ""}, "alt_text_fr"),  # the territory's language is required
        ({"original": upload(b"GIF89a...", "image/gif", "x.gif")}, "original"),
        ({"original": upload(png_bytes(), "image/jpeg")}, "original"),
    ],
)
def test_bad_uploads_get_a_field_error_and_nothing_is_stored(
    client, manager, workspace, overrides, field
):
    client.force_login(manager)
    response = post_photo(client, workspace, jpeg_with_gps(64, 48), **overrides)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not WorkspacePhoto.objects.exists()


def test_a_file_over_10_mb_is_refused_before_being_read(client, manager, workspace):
    client.force_login(manager)
    too_big = jpeg_with_gps(64, 48) + b"\0" * (10 * 1024 * 1024)
    response = post_photo(client, workspace, too_big)
    assert response.status_code == 400
    assert "larger than 10 MB" in str(response.context["form"].errors["original"])
    assert not WorkspacePhoto.objects.exists()


def test_managers_reorder_and_delete_photos_and_the_files_go(
    client, manager, workspace, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    for alt in ("First", "Second", "Third"):
        with django_capture_on_commit_callbacks(execute=True):
            post_photo(client, workspace, jpeg_with_gps(640, 480), alt_text_fr=alt)
    first, _second, third = WorkspacePhoto.objects.order_by("position")
    url = f"/en/manage/workspaces/{workspace.slug}/photos/"
    assert client.post(url, {"action": "up", "photo": third.pk}).status_code == 302
    assert [p.alt_text_fr for p in workspace.photos.all()] == ["First", "Third", "Second"]
    names = [first.original.name, *first.sizes.values()]
    assert first.sizes and all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"action": "delete", "photo": first.pk}).status_code == 302
    assert not any(default_storage.exists(name) for name in names)
    assert [p.alt_text_fr for p in workspace.photos.all()] == ["Third", "Second"]


def test_a_manager_of_another_workspace_gets_404(client, workspace):
    photo = WorkspacePhoto.objects.create(workspace=workspace, alt_text_fr="Salle")
    other = UserFactory()
    WorkspaceFactory(managers=[other])
    client.force_login(other)
    url = f"/en/manage/workspaces/{workspace.slug}/photos/"
    assert client.get(url).status_code == 404
    assert post_photo(client, workspace, jpeg_with_gps(64, 48)).status_code == 404
    # Through their own workspace's page, a photo of this one is answered as not existing.
    own = f"/en/manage/workspaces/{other.managed_workspaces.get().slug}/photos/"
    assert client.post(own, {"action": "delete", "photo": photo.pk}).status_code == 404
    assert client.post(own, {"action": "down", "photo": photo.pk}).status_code == 404
    assert WorkspacePhoto.objects.filter(pk=photo.pk).exists()


def test_anonymous_people_are_sent_to_sign_in(client, workspace):
    response = client.get(f"/en/manage/workspaces/{workspace.slug}/photos/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_task_for_a_deleted_photo_does_nothing(workspace):
    photo_sizes_make.call(123456)  # no error, nothing stored
    assert not WorkspacePhoto.objects.exists()


def test_the_back_office_inline_cleans_uploads_the_same_way(
    workspace, django_capture_on_commit_callbacks
):
    from alpsatellites.workspaces.photo_admin import WorkspacePhotoAdminForm

    refused = WorkspacePhotoAdminForm(
        data={"alt_text": "Salle", "position": 0},
        files={"original": upload(png_bytes(), "image/jpeg")},
        instance=WorkspacePhoto(workspace=workspace),
    )
    assert "type does not match" in str(refused.errors.get("original")), refused.errors
    form = WorkspacePhotoAdminForm(
        data={"alt_text": "Salle", "position": 0},
        files={"original": upload(jpeg_with_gps(800, 600))},
        instance=WorkspacePhoto(workspace=workspace),
    )
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        photo = form.save()
    photo.refresh_from_db()
    with default_storage.open(photo.original.name) as stored:
        assert not Image.open(stored).getexif()
    assert sorted(photo.sizes) == ["480", "800"]


def test_the_back_office_page_has_the_photos_inline(admin_client, workspace):
    WorkspacePhoto.objects.create(workspace=workspace, alt_text_fr="Salle")
    response = admin_client.get(f"/en/admin/workspaces/workspace/{workspace.pk}/change/")
    assert response.status_code == 200
    assert 'name="photos-0-alt_text_fr"' in response.content.decode()


def test_a_full_gallery_refuses_one_more_with_a_field_error(
    client, manager, workspace, monkeypatch
):
    monkeypatch.setattr("alpsatellites.workspaces.photo_services.MAX_PHOTOS", 1)
    client.force_login(manager)
    assert post_photo(client, workspace, jpeg_with_gps(64, 48)).status_code == 302
    response = post_photo(client, workspace, jpeg_with_gps(64, 48))
    assert response.status_code == 400
    assert "at most 1 photos" in str(response.context["form"].errors["original"])
    assert WorkspacePhoto.objects.count() == 1
    assert len(default_storage.listdir(f"workspaces/{workspace.pk}/photos")[1]) == 1
