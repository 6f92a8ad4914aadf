"""Importing contract files from the page, following the import, and the list of new masters it feeds.

Who sees which import runs (docs/import.md):
- a superuser: every run;
- a regional animator: the runs of the CFAs of their region's departments, every run that is not a CFA's (uploads of
  the region's animators and data providers, the command, the API), and their own;
- a CFA's staff: the runs of their CFA(s), and their own;
- a data provider: their own runs.
A run outside these answers 404, like any object out of scope.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from compagnon.accounts.enums import Role
from compagnon.contracts.models import Supervision
from compagnon.core.exports import ListExport, csv_response
from compagnon.core.pagination import capped_count
from compagnon.intake.columns import COLUMNS, template_csv
from compagnon.intake.models import ImportRun
from compagnon.intake.permits import ImportPermit, permit_for
from compagnon.intake.services import DEFAULT_SOURCE, start_run
from compagnon.intake.tasks import derived_wet_run, import_contracts_task, read_progress, store_upload, stored_path
from compagnon.organisations.models import TrainingCentre
from compagnon.www.contracts.exports import supervisions_exporter
from compagnon.www.contracts.views import area_choices
from compagnon.www.decorators import role_required
from compagnon.www.exports import export_list
from compagnon.www.intake.forms import MAX_UPLOAD_MB, NewMastersFilterForm, UploadForm
from compagnon.www.lists import MAX_PAGE, paginate, render_list
from compagnon.www.navigation import NEW_MASTERS_ROLES
from compagnon.www.paging import page_of
from compagnon.www.people.views import COMPLIANCE_SHOWN

# The run page lists this many problems; the CSV report has them all.
PROBLEMS_SHOWN = 100
IN_PROGRESS = (ImportRun.Status.PENDING, ImportRun.Status.RUNNING)

View = Callable[..., HttpResponseBase]


def import_required(view: View) -> View:
    """403 unless the account may import contracts; the view gets the account's permit."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        permit = permit_for(request.scope)  # type: ignore[attr-defined]
        if permit is None:
            raise PermissionDenied("L'import de contrats est réservé aux CFA, aux animateurs régionaux et aux OPCO.")
        return view(request, *args, permit=permit, **kwargs)

    return wrapper


def visible_runs(request: HttpRequest) -> QuerySet[ImportRun]:
    """The import runs the account may follow (see the module's docstring)."""
    scope = request.scope  # type: ignore[attr-defined]
    runs = ImportRun.objects.all()
    if scope.is_superuser:
        return runs
    q = Q(created_by_id=request.user.pk)
    departments = {code for grant in scope.grants if grant.role == Role.REGIONAL_ANIMATOR for code in grant.departments}
    if departments:
        q |= Q(training_centre__isnull=True) | Q(training_centre__commune__department_id__in=sorted(departments))
    centres = {grant.training_centre for grant in scope.grants if grant.role == Role.CFA_STAFF}
    centres.discard(None)
    if centres:
        q |= Q(training_centre_id__in=sorted(centres))
    return runs.filter(q)


def _page_number(request: HttpRequest) -> int:
    try:
        return min(max(1, int(request.GET.get("page", "1"))), MAX_PAGE)
    except ValueError:
        return 1


@import_required
def import_list(request: HttpRequest, *, permit: ImportPermit) -> HttpResponse:
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            run = _start_upload(request, form, permit)
            return redirect("intake:run", run.pk)
    else:
        form = UploadForm(initial={"source": permit.default_centre() or DEFAULT_SOURCE})
    runs = visible_runs(request).select_related("created_by", "training_centre").order_by("-created_at", "-id")
    return render(
        request,
        "intake/list.html",
        {
            "form": form,
            "page": page_of(runs, _page_number(request)),
            "max_upload_mb": MAX_UPLOAD_MB,
            "required_columns": [column for column in COLUMNS if column.required],
        },
    )


def _start_upload(request: HttpRequest, form: UploadForm, permit: ImportPermit) -> ImportRun:
    upload = form.cleaned_data["file"]
    centre = None
    if uai := permit.default_centre():
        # A CFA's own import: its contracts only (a row that names no CFA is the CFA's).
        centre = TrainingCentre.objects.get(pk=permit.centres[uai])  # type: ignore[index]
    stored = store_upload(upload.chunks(), filename=upload.name)
    run = start_run(
        source=form.cleaned_data["source"],
        filename=upload.name,
        channel=ImportRun.Channel.UPLOAD,
        dry_run=True,
        partial=form.cleaned_data["partial"],
        actor=request.user,
        training_centre=centre,
        size=upload.size,
        stored_file=stored,
    )
    import_contracts_task.enqueue(run_id=run.pk)
    return run


@import_required
def run_detail(request: HttpRequest, pk: int, *, permit: ImportPermit) -> HttpResponse:
    run = get_object_or_404(visible_runs(request).select_related("created_by", "training_centre"), pk=pk)
    read_progress(run)
    in_progress = run.status in IN_PROGRESS
    context: dict[str, Any] = {
        "run": run,
        "in_progress": in_progress,
        "problems": [],
        "problem_count": None,
        "wet_run": None,
        "dry_run": None,
        "can_confirm": False,
        "can_see_new_masters": request.scope.has_role(*NEW_MASTERS_ROLES),  # type: ignore[attr-defined]
    }
    if not in_progress:
        problems = run.problems.order_by("line", "id")
        context |= {
            "problems": list(problems[:PROBLEMS_SHOWN].values_list("line", "column", "message")),
            "problem_count": capped_count(problems),
            "wet_run": derived_wet_run(run),
            "dry_run": _dry_run_of(run),
            "can_confirm": _confirmable(run),
        }
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        response = render(request, "intake/includes/run.html", context)
    else:
        response = render(request, "intake/run.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _dry_run_of(run: ImportRun) -> ImportRun | None:
    if run.mode != ImportRun.Mode.WET_RUN or not run.stored_file:
        return None
    return ImportRun.objects.filter(stored_file=run.stored_file, mode=ImportRun.Mode.DRY_RUN).order_by("pk").first()


def _confirmable(run: ImportRun) -> bool:
    """A finished dry run whose rows may be written: no error, or `partial`; something to write; the file still there
    and not imported yet."""
    return (
        run.mode == ImportRun.Mode.DRY_RUN
        and run.status == ImportRun.Status.DONE
        and run.rows > run.rejected
        and derived_wet_run(run) is None
        and stored_path(run) is not None
    )


@require_POST
@import_required
def confirm(request: HttpRequest, pk: int, *, permit: ImportPermit) -> HttpResponse:
    with transaction.atomic():
        # Locked (PostgreSQL): a double click confirms once.
        run = get_object_or_404(visible_runs(request).select_for_update(of=("self",)), pk=pk)
        if existing := derived_wet_run(run):
            return redirect("intake:run", existing.pk)
        if not _confirmable(run):
            messages.error(request, "Cet import ne peut pas être confirmé : seule une vérification terminée sans "
                           "erreur (ou avec « importer les lignes valides ») peut l'être.")  # fmt: skip
            return redirect("intake:run", run.pk)
        wet = start_run(
            source=run.source,
            filename=run.filename,
            channel=run.channel,
            dry_run=False,
            partial=run.partial,
            actor=request.user,
            training_centre=run.training_centre,
            size=run.size,
            stored_file=run.stored_file,
        )
    import_contracts_task.enqueue(run_id=wet.pk)
    return redirect("intake:run", wet.pk)


@import_required
def problems_report(request: HttpRequest, pk: int, *, permit: ImportPermit) -> StreamingHttpResponse:
    from compagnon.intake.services import problems_csv

    run = get_object_or_404(visible_runs(request), pk=pk)
    lines = problems_csv(run)
    headers = next(lines)
    return csv_response(ListExport(title=f"Problèmes de l'import n°{run.pk}", headers=headers, rows=lines),
                        f"import-{run.pk}-problemes.csv")  # fmt: skip


@import_required
def template_download(request: HttpRequest, *, permit: ImportPermit) -> HttpResponse:
    response = HttpResponse(("\ufeff" + template_csv()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-contrats.csv"'
    return response


# What a row of the new masters shows: one join each, never a query per row.
MASTER_ROW_RELATED = (
    "person",
    "contract__company",
    "contract__employment_area",
    "contract__training_centre",
    "compliance",
)
MASTER_ROW_FIELDS = (
    "novelty",
    "person__first_name",
    "person__last_name",
    "contract__start_date",
    "contract__company__name",
    "contract__employment_area__name",
    "contract__training_centre__name",
    "compliance__decision",
)


def filtered_new_masters(request: HttpRequest) -> tuple[NewMastersFilterForm, QuerySet[Supervision]]:
    """The new masters of the account's scope, filtered and sorted as the page shows them (the page and its export)."""
    form = NewMastersFilterForm(request.GET, areas=area_choices(request))
    form.is_valid()
    supervisions = Supervision.objects.all()
    if (q := request.scope.contract_q(prefix="contract__")) is not None:  # type: ignore[attr-defined]
        supervisions = supervisions.filter(q)
    return form, form.filter(supervisions).order_by(*form.order_by)


@role_required(*NEW_MASTERS_ROLES)
def new_masters(request: HttpRequest) -> HttpResponse:
    form, supervisions = filtered_new_masters(request)
    listing = paginate(supervisions.select_related(*MASTER_ROW_RELATED).only(*MASTER_ROW_FIELDS), form)
    for supervision in listing.rows:
        decision = getattr(getattr(supervision, "compliance", None), "decision", "")
        supervision.compliance_shown = COMPLIANCE_SHOWN.get(decision, COMPLIANCE_SHOWN[""])
    return render_list(
        request,
        "intake/new_masters.html",
        "intake/includes/new_masters_results.html",
        {"form": form, "listing": listing, "gap_years": settings.RETURNING_MASTER_GAP_YEARS},
    )


@role_required(*NEW_MASTERS_ROLES)
def new_masters_export(request: HttpRequest) -> HttpResponseBase:
    form, supervisions = filtered_new_masters(request)
    return export_list(
        request,
        lambda: supervisions_exporter(supervisions),
        stem="nouveaux-maitres",
        form=form,
        personal=True,
        list_url=reverse("intake:new_masters"),
    )
