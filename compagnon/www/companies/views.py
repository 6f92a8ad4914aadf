from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from compagnon.accounts.enums import Role
from compagnon.contracts.models import Contract
from compagnon.core.pagination import capped_count
from compagnon.organisations.models import Company
from compagnon.www.companies.exports import companies_export
from compagnon.www.companies.forms import CompanyFilterForm
from compagnon.www.contracts.views import area_choices, as_rows
from compagnon.www.decorators import role_required
from compagnon.www.exports import export_list
from compagnon.www.lists import paginate, render_list

DETAIL_CONTRACTS = 50


def filtered_companies(request: HttpRequest) -> tuple[CompanyFilterForm, QuerySet[Company]]:
    """The bound filter form and the companies it selects in the account's scope, sorted: the page and its export."""
    form = CompanyFilterForm(request.GET, areas=area_choices(request))
    form.is_valid()
    companies = request.scope.filter_companies(Company.objects.all())  # type: ignore[attr-defined]
    return form, form.filter(companies).order_by(*form.order_by)


@role_required(*Role)
def company_list(request: HttpRequest) -> HttpResponse:
    form, companies = filtered_companies(request)
    listing = paginate(companies.select_related("commune", "employment_area"), form)
    return render_list(
        request, "companies/list.html", "companies/includes/results.html", {"form": form, "listing": listing}
    )


@role_required(*Role)
def company_export(request: HttpRequest) -> HttpResponseBase:
    form, companies = filtered_companies(request)
    # What a company export holds is public register data (SIRENE): not recorded in the audit log.
    return export_list(
        request,
        lambda: companies_export(companies),
        stem="entreprises",
        form=form,
        personal=False,
        list_url=reverse("companies:list"),
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
