from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from compagnon.accounts.enums import Role
from compagnon.contracts.models import Contract
from compagnon.core.pagination import capped_count
from compagnon.organisations.models import TrainingCentre
from compagnon.www.centres.forms import CentreFilterForm
from compagnon.www.contracts.views import area_choices, as_rows
from compagnon.www.decorators import role_required
from compagnon.www.lists import paginate, render_list

DETAIL_CONTRACTS = 50


@role_required(*Role)
def centre_list(request: HttpRequest) -> HttpResponse:
    form = CentreFilterForm(request.GET, areas=area_choices(request))
    form.is_valid()
    centres = request.scope.filter_training_centres(TrainingCentre.objects.all())  # type: ignore[attr-defined]
    centres = form.filter(centres).select_related("commune", "employment_area").order_by(*form.order_by)
    listing = paginate(centres, form)
    return render_list(
        request, "centres/list.html", "centres/includes/results.html", {"form": form, "listing": listing}
    )


@role_required(*Role)
def centre_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    centres = scope.filter_training_centres(TrainingCentre.objects.select_related("commune", "employment_area"))
    centre = get_object_or_404(centres, pk=pk)
    contracts = scope.filter_contracts(Contract.objects.filter(training_centre=centre))
    return render(
        request,
        "centres/detail.html",
        {
            "centre": centre,
            "contracts": list(as_rows(contracts).order_by("-start_date", "-id")[:DETAIL_CONTRACTS]),
            "contract_count": capped_count(contracts),
            "limit": DETAIL_CONTRACTS,
        },
    )
