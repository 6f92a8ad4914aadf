from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from compagnon.accounts.enums import Role
from compagnon.contracts.models import Contract
from compagnon.core.pagination import capped_count
from compagnon.organisations.models import Company
from compagnon.www.companies.forms import CompanyFilterForm
from compagnon.www.contracts.views import area_choices, as_rows
from compagnon.www.decorators import role_required
from compagnon.www.lists import paginate, render_list

DETAIL_CONTRACTS = 50


@role_required(*Role)
def company_list(request: HttpRequest) -> HttpResponse:
    form = CompanyFilterForm(request.GET, areas=area_choices(request))
    form.is_valid()
    companies = request.scope.filter_companies(Company.objects.all())  # type: ignore[attr-defined]
    companies = form.filter(companies).select_related("commune", "employment_area").order_by(*form.order_by)
    listing = paginate(companies, form)
    return render_list(
        request, "companies/list.html", "companies/includes/results.html", {"form": form, "listing": listing}
    )


@role_required(*Role)
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    companies = scope.filter_companies(Company.objects.select_related("commune", "employment_area", "opco"))
    company = get_object_or_404(companies, pk=pk)
    contracts = scope.filter_contracts(Contract.objects.filter(company=company))
    return render(
        request,
        "companies/detail.html",
        {
            "company": company,
            "contracts": list(as_rows(contracts).order_by("-start_date", "-id")[:DETAIL_CONTRACTS]),
            "contract_count": capped_count(contracts),
            "limit": DETAIL_CONTRACTS,
        },
    )
