"""The household's own pages: its cases, the thread, replies with files, downloads, withdrawal —
and nothing of another household's."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from alpsatellites.newcomers.models import CaseAttachment, CaseMessage, Stage
from alpsatellites.newcomers.services.messages import case_message_post
from tests.factories import UserFactory
from tests.newcomers.factories import CaseMessageFactory, WelcomeCaseFactory, make_officer

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def case(db):
    case = WelcomeCaseFactory(household__language="it")
    CaseMessageFactory(case=case, body="Hello <script>alert(1)</script>\nsecond line")
    return case


def officer_page_exists():
    """The officers' case page is another part's: its e-mail link waits for it."""
    try:
        reverse("newcomers:case", kwargs={"pk": 1})
    except NoReverseMatch:
        return False
    return True


def page(client, case, language="en"):
    client.force_login(case.household)
    return client.get(f"/{language}/my-support/{case.pk}/")


def test_my_support_lists_the_persons_cases_in_constant_queries(
    client, case, django_assert_max_num_queries
):
    for _ in range(4):
        other = WelcomeCaseFactory(household=case.household, grouping=case.grouping)
        CaseMessageFactory(case=other)
    WelcomeCaseFactory()  # someone else's
    client.force_login(case.household)
    with django_assert_max_num_queries(5):  # +1: the header's requests badge
        response = client.get("/en/my-support/")
    assert response.status_code == 200
    assert len(response.context["cases"]) == 5
    assert "Received: waiting for a first answer" in response.content.decode()


def test_thread_is_shown_with_markup_escaped(client, case):
    html = page(client, case).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>second line" in html
    assert "<script>alert(1)" not in html
    assert "What happens next" in html


def test_reply_is_posted_and_the_officers_told(client, case, django_capture_on_commit_callbacks):
    officer = make_officer(case.grouping)
    page(client, case)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/my-support/{case.pk}/", {"body": "<b>Thanks</b>"})
    assert response.status_code == 302
    message = CaseMessage.objects.filter(case=case).last()
    assert message.from_household and message.body == "<b>Thanks</b>"
    if officer_page_exists():
        assert [m.to for m in mail.outbox] == [[officer.email]]
        assert "Thanks" not in mail.outbox[0].body


def test_officer_message_reaches_the_household_in_its_language_as_plain_text(
    case, django_capture_on_commit_callbacks
):
    officer = make_officer(case.grouping)
    with django_capture_on_commit_callbacks(execute=True):
        case_message_post(
            case=case, author=officer, body="Voir <a href='x'>ici</a> & là", from_household=False
        )
    (email,) = mail.outbox
    assert email.to == [case.household.email]
    assert f"/it/my-support/{case.pk}/" in email.body
    assert "Voir <a href='x'>ici</a> & là" in email.body  # as typed, in a plain-text e-mail
    assert email.content_subtype == "plain"


def upload(name, content, kind="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=kind)


def test_attachments_are_accepted_and_downloaded_by_the_household_only(
    client, case, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    page(client, case)
    response = client.post(
        f"/en/my-support/{case.pk}/",
        {"body": "Our papers", "attachments": [upload("plan.pdf", PDF), upload("map.png", PNG)]},
    )
    assert response.status_code == 302
    pdf = CaseAttachment.objects.get(original_name="plan.pdf")
    url = f"/en/my-support/{case.pk}/files/{pdf.pk}/"
    assert url in page(client, case).content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ([("page.pdf", b"<html><script>alert(1)</script></html>")], "is not accepted"),
        ([("big.pdf", PDF + b"x" * 200)], "is too large"),
        ([(f"f{n}.pdf", PDF) for n in range(6)], "Attach up to 5 files"),
    ],
)
def test_wrong_files_get_field_errors_and_write_nothing(
    client, case, settings, tmp_path, files, words
):
    settings.MEDIA_ROOT = tmp_path
    settings.NEWCOMERS_ATTACHMENT_MAX_BYTES = 100
    page(client, case)
    before = CaseMessage.objects.count()
    with translation.override("en"):
        response = client.post(
            f"/en/my-support/{case.pk}/",
            {"body": "files", "attachments": [upload(name, body) for name, body in files]},
        )
    assert response.status_code == 400
    assert words in " ".join(response.context["form"].errors["attachments"])
    assert CaseMessage.objects.count() == before and not CaseAttachment.objects.exists()


def test_another_households_case_and_files_are_404(client, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attachment = CaseAttachment.objects.create(
        case=case,
        file=upload("plan.pdf", PDF),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    client.force_login(UserFactory())
    for url in (
        f"/en/my-support/{case.pk}/",
        f"/en/my-support/{case.pk}/withdraw/",
        f"/en/my-support/{case.pk}/files/{attachment.pk}/",
    ):
        assert client.get(url).status_code == 404
    assert client.post(f"/en/my-support/{case.pk}/", {"body": "hi"}).status_code == 404
    assert client.post(f"/en/my-support/{case.pk}/withdraw/").status_code == 404
    assert CaseMessage.objects.filter(case=case).count() == 1
    # Nor through another of one's own cases.
    mine = WelcomeCaseFactory(household=UserFactory())
    client.force_login(mine.household)
    assert client.get(f"/en/my-support/{mine.pk}/files/{attachment.pk}/").status_code == 404


def test_anonymous_is_sent_to_sign_in(client, case):
    for url in ("/en/my-support/", f"/en/my-support/{case.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_withdraw_asks_then_closes(client, case):
    page(client, case)
    confirm = client.get(f"/en/my-support/{case.pk}/withdraw/")
    assert confirm.status_code == 200 and "Yes, withdraw my request" in confirm.content.decode()
    response = client.post(f"/en/my-support/{case.pk}/withdraw/")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED
    html = page(client, case).content.decode()
    assert "Write to the welcome team" not in html and "Send a new request" in html
