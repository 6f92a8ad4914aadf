"""The compliance of supervisions, recomputed in the background when a fact it reads changes (compliance/signals.py)."""

from __future__ import annotations

from django.db.models import Q
from django_tasks import task

from compagnon.contracts.models import Supervision


@task()
def refresh_compliance_task(
    *,
    person_ids: list[int] | None = None,
    contract_ids: list[int] | None = None,
    company_ids: list[int] | None = None,
    everything: bool = False,
) -> int:
    """Recompute the supervisions of these people (all of theirs: capacity counts them together), of these contracts
    (their supervisors' other supervisions too) and of these companies; everything after a change of configuration."""
    from compagnon.compliance.services import refresh_compliance

    if everything:
        return refresh_compliance().supervisions
    people = set(person_ids or ())
    if contract_ids or company_ids:
        contracts = Q(contract_id__in=contract_ids or []) | Q(contract__company_id__in=company_ids or [])
        people |= set(Supervision.objects.filter(contracts).values_list("person_id", flat=True))
    if not people:
        return 0
    return refresh_compliance(supervisions=Supervision.objects.filter(person_id__in=people)).supervisions
