"""The RuleData the platform evaluates with: the law, and what the regional animator configured."""

from __future__ import annotations

from compagnon.rules.params import BranchAgreement, CompetenceRoute, Function, OpcoFundingRule, RuleData


def current_rule_data() -> RuleData:
    """Branch agreements, the OPCO of each branch and the OPCOs' own amounts, as configured (three queries)."""
    from compagnon.compliance.models import BranchAgreement as AgreementRow
    from compagnon.compliance.models import BranchOpco
    from compagnon.compliance.models import OpcoFundingRule as RuleRow

    agreements = tuple(
        BranchAgreement(
            idcc=row.idcc,
            name=row.name,
            reference=row.reference,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            routes=tuple(
                CompetenceRoute(months=route.months, diploma_min_levels_above=route.diploma_min_levels_above)
                for route in row.routes.all()
            ),
        )
        for row in AgreementRow.objects.prefetch_related("routes")
    )
    rules = tuple(
        OpcoFundingRule(
            opco=row.opco.code,
            function=Function(row.function),
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            eur_per_month=row.eur_per_month,
            months=row.months,
            eur_per_hour=row.eur_per_hour,
            max_hours=row.max_hours,
            max_headcount_below=row.max_headcount_below,
            funded=row.funded,
            note=row.note,
        )
        for row in RuleRow.objects.select_related("opco")
    )
    return RuleData(
        branch_agreements=tuple(a for a in agreements if a.routes),
        opco_by_idcc=dict(BranchOpco.objects.select_related("opco").values_list("idcc", "opco__code")),
        opco_rules=rules,
    )
