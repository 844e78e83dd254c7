"""The welcome officers' pages: their inbox (their home after sign-in) and a case.

A case is only ever reached through `services.access.case_open`, for a read as for each action,
so every page and every POST answers 404 outside the user's scope and leaves a line in the access
log. Each action is a plain form POST that redirects back to the case; with htmx the form swaps
only its own section of the page (the server still answers with the whole page), and without
JavaScript everything works the same.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alpsatellites.core.errors import Invalid
from alpsatellites.core.pagination import page_or_404

from .attachments import attachment_download
from .household_text import profile_summary
from .models import CaseAttachment, CaseMessage, CaseNote, CaseTask, Stage, WelcomeCase
from .officer_forms import (
    AssignForm,
    InboxFilterForm,
    NoteForm,
    ReplyForm,
    StageForm,
    TaskForm,
)
from .selectors.cases import may_follow_cases
from .selectors.inbox import (
    OVERDUE_SHOWN,
    InboxFilters,
    due_tasks,
    inbox_cases,
    inbox_groupings,
    inbox_rows,
    sees_access_log,
    stage_counts,
)
from .services import cases as case_services
from .services.access import case_open
from .services.messages import case_message_post

PER_PAGE = 25
ACCESS_LOG_SHOWN = 50


def _officer(request) -> None:
    """Only people who follow cases have an inbox; anyone else is answered as for no page."""
    if not may_follow_cases(request.user):
        raise Http404


@login_required
def inbox(request):
    _officer(request)
    groupings = inbox_groupings(request.user)
    form = InboxFilterForm(request.GET, groupings=groupings)
    data = form.cleaned_data if form.is_valid() else {}
    filters = InboxFilters(
        stage=data.get("stage") or "",
        grouping_id=data.get("grouping"),
        assigned=data.get("assigned") or "",
        awaiting_first_response=bool(data.get("awaiting")),
    )
    ids = inbox_cases(request.user, filters).values_list("pk", flat=True)
    page = page_or_404(ids, PER_PAGE, data.get("page"))
    page.object_list = inbox_rows(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    counts = stage_counts(request.user)
    today = timezone.localdate()
    return render(
        request,
        "newcomers/officer/inbox.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "stage_counts": [(Stage(stage), count) for stage, count in counts.items()],
            "due_tasks": list(due_tasks(request.user, today=today)[:OVERDUE_SHOWN]),
            "today": today,
            "now": timezone.now(),
        },
        status=200 if form.is_valid() else 400,
    )


def _open(request, pk: int, action: str) -> WelcomeCase:
    return case_open(
        user=request.user,
        case_id=pk,
        action=action,
        queryset=WelcomeCase.objects.select_related(
            "territory", "grouping", "commune", "assigned_to", "household"
        ),
    )


def _forms(case: WelcomeCase) -> dict:
    return {
        "reply_form": ReplyForm(case=case),
        "note_form": NoteForm(case=case),
        "task_form": TaskForm(case=case),
        "stage_form": StageForm(case=case),
        "assign_form": AssignForm(case=case),
    }


def _case_page(request, case: WelcomeCase, *, forms: dict | None = None, status: int = 200):
    messages_ = (
        CaseMessage.objects.filter(case=case)
        .select_related("author")
        .prefetch_related("attachments")
    )
    tasks = CaseTask.objects.filter(case=case).select_related("assigned_to")
    access_log = None
    if sees_access_log(request.user, case):
        access_log = list(case.access_log.select_related("user")[:ACCESS_LOG_SHOWN])
    first_response = (
        timesince(case.created_at, case.first_response_at) if case.first_response_at else ""
    )
    profile_lines = profile_summary(case.profile)
    context = {
        "case": case,
        "territory": case.territory,
        "stage_changes": case.stage_changes.select_related("changed_by"),
        "profile_lines": profile_lines,
        # household_text gives no lines for a profile that no longer reads (an older shape):
        # the page says so instead of "no profile shared".
        "profile_unreadable": bool(case.profile) and not profile_lines,
        "thread": messages_,
        "notes": CaseNote.objects.filter(case=case).select_related("author"),
        "open_tasks": [task for task in tasks if task.done_at is None],
        "done_tasks": [task for task in tasks if task.done_at is not None],
        "today": timezone.localdate(),
        "first_response": first_response,
        "access_log": access_log,
        **_forms(case),
        **(forms or {}),
    }
    # An htmx form swaps its section in only from a successful answer: the form with its errors
    # is such an answer for it, while a plain browser gets the 400 it should.
    if status == 400 and request.htmx:
        status = 200
    return render(request, "newcomers/officer/case.html", context, status=status)


@login_required
def case_detail(request, pk):
    return _case_page(request, _open(request, pk, "view"))


def _act(request, pk: int, *, action: str, form_class, key: str, perform, done: str, anchor: str):
    """One action on a case: open it (scoped, logged), check the form, call the service; a
    refusal by the service is shown beside the field it names."""
    case = _open(request, pk, action)
    form = form_class(request.POST, request.FILES, case=case)
    if form.is_valid():
        try:
            perform(request.user, case, form.cleaned_data)
        except Invalid as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            messages.success(request, done)
            return redirect(reverse("newcomers:case", args=[case.pk]) + "#" + anchor)
    return _case_page(request, case, forms={key: form}, status=400)


@login_required
@require_POST
def case_reply(request, pk):
    return _act(
        request,
        pk,
        action="reply",
        form_class=ReplyForm,
        key="reply_form",
        perform=lambda user, case, data: case_message_post(
            case=case,
            author=user,
            body=data["body"],
            from_household=False,
            files=data["attachments"],
        ),
        done=_("Your message is sent; the household is told by e-mail."),
        anchor="thread",
    )


@login_required
@require_POST
def case_note(request, pk):
    return _act(
        request,
        pk,
        action="note",
        form_class=NoteForm,
        key="note_form",
        perform=lambda user, case, data: case_services.case_note_add(
            user=user, case=case, body=data["body"]
        ),
        done=_("Note saved."),
        anchor="notes",
    )


@login_required
@require_POST
def case_task_add(request, pk):
    return _act(
        request,
        pk,
        action="task",
        form_class=TaskForm,
        key="task_form",
        perform=lambda user, case, data: case_services.case_task_add(
            user=user,
            case=case,
            title=data["title"],
            due_on=data["due_on"],
            assignee=data["assignee"],
        ),
        done=_("Task added."),
        anchor="tasks",
    )


@login_required
@require_POST
def case_task_done(request, pk, task_pk):
    case = _open(request, pk, "task_done")
    case_services.case_task_complete(user=request.user, case=case, task_id=task_pk)
    messages.success(request, _("Task done."))
    return redirect(reverse("newcomers:case", args=[case.pk]) + "#tasks")


@login_required
@require_POST
def case_stage(request, pk):
    return _act(
        request,
        pk,
        action="stage",
        form_class=StageForm,
        key="stage_form",
        perform=lambda user, case, data: case_services.case_stage_set(
            user=user, case=case, stage=data["stage"], closing_reason=data["closing_reason"]
        ),
        done=_("Stage changed."),
        anchor="stage",
    )


@login_required
@require_POST
def case_assign(request, pk):
    return _act(
        request,
        pk,
        action="assign",
        form_class=AssignForm,
        key="assign_form",
        perform=lambda user, case, data: case_services.case_assign(
            user=user, case=case, assignee=data["assignee"]
        ),
        done=_("Case handed over."),
        anchor="assignment",
    )


@login_required
def case_file(request, pk, attachment_pk):
    """A file of the thread, for the staff who may read the case; always downloaded, never
    shown in the browser, whatever its name says."""
    case = _open(request, pk, "file")
    attachment = get_object_or_404(CaseAttachment.objects.filter(case=case), pk=attachment_pk)
    response = attachment_download(attachment)
    response["Cache-Control"] = "private, no-store"
    return response
