from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from compagnon.accounts.enums import AREA_ROLES
from compagnon.contracts.models import Contract
from compagnon.core.pagination import capped_count, capped_counts
from compagnon.territory.models import EmploymentArea
from compagnon.www.areas.forms import AreaFilterForm
from compagnon.www.contracts.views import as_rows
from compagnon.www.decorators import role_required
from compagnon.www.lists import paginate, render_list

DETAIL_CONTRACTS = 50


@role_required(*AREA_ROLES)
def area_list(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    form = AreaFilterForm(request.GET)
    form.is_valid()
    areas = form.filter(scope.filter_areas(EmploymentArea.objects.all())).order_by(*form.order_by)
    listing = paginate(areas, form)
    # Contracts in scope, counted for the areas of this page only, each count capped: one query.
    counts = capped_counts(
        {
            area.code: scope.filter_contracts(Contract.objects.filter(employment_area_id=area.code))
            for area in listing.rows
        }
    )
    for area in listing.rows:
        area.contract_count = counts[area.code]
    return render_list(request, "areas/list.html", "areas/includes/results.html", {"form": form, "listing": listing})


@role_required(*AREA_ROLES)
def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    area = get_object_or_404(scope.filter_areas(EmploymentArea.objects.all()), pk=code)
    contracts = scope.filter_contracts(Contract.objects.filter(employment_area=area))
    return render(
        request,
        "areas/detail.html",
        {
            "area": area,
            "commune_count": area.communes.count(),
            "chambers": list(area.chambers.order_by("name")),
            "contracts": list(as_rows(contracts).order_by("-start_date", "-id")[:DETAIL_CONTRACTS]),
            "contract_count": capped_count(contracts),
            "limit": DETAIL_CONTRACTS,
        },
    )
