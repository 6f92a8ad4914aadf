"""When a fact the rules engine reads changes, the compliance of the supervisions concerned is recomputed.

Each change sends a background task when its transaction commits (nothing for a transaction that rolls back). Bulk
loaders that write by raw SQL (seed_demo, imports) call refresh_compliance
themselves.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from compagnon.certifications.models import Certification
from compagnon.compliance.models import BranchAgreement, BranchCompetenceRoute, BranchOpco, OpcoFundingRule
from compagnon.contracts.models import Contract, Supervision
from compagnon.organisations.models import Company
from compagnon.people.models import ApprenticeProfile, Diploma, ExperiencePeriod, Person, SupervisorProfile


def schedule(
    *,
    people: set[int] | None = None,
    contracts: set[int] | None = None,
    companies: set[int] | None = None,
    everything: bool = False,
) -> None:
    """One background task when the transaction commits (none if it rolls back)."""
    from compagnon.compliance.tasks import refresh_compliance_task

    if not (people or contracts or companies or everything):
        return
    arguments = {
        "person_ids": sorted(people or ()),
        "contract_ids": sorted(contracts or ()),
        "company_ids": sorted(companies or ()),
        "everything": everything,
    }
    transaction.on_commit(lambda: refresh_compliance_task.enqueue(**arguments))


@receiver([post_save, post_delete], sender=Supervision)
def _supervision_changed(instance: Supervision, **kwargs: Any) -> None:
    schedule(people={instance.person_id}, contracts={instance.contract_id})


@receiver(post_save, sender=Contract)
def _contract_saved(instance: Contract, **kwargs: Any) -> None:
    schedule(contracts={instance.pk})


@receiver(pre_delete, sender=Contract)
def _contract_deleted(instance: Contract, **kwargs: Any) -> None:
    # Its supervisions go with it: their people's capacity changes.
    schedule(people=set(instance.supervisions.values_list("person_id", flat=True)))


@receiver([post_save, post_delete], sender=SupervisorProfile)
def _profile_changed(instance: SupervisorProfile, **kwargs: Any) -> None:
    schedule(people={instance.person_id})


@receiver([post_save, post_delete], sender=Diploma)
@receiver([post_save, post_delete], sender=ExperiencePeriod)
def _qualification_changed(instance: Diploma | ExperiencePeriod, **kwargs: Any) -> None:
    person = SupervisorProfile.objects.filter(pk=instance.profile_id).values_list("person_id", flat=True).first()
    if person is not None:
        schedule(people={person})


@receiver(post_save, sender=Person)
def _person_saved(instance: Person, created: bool, **kwargs: Any) -> None:
    if not created:  # a new person supervises nothing yet
        contracts = set(Contract.objects.filter(apprentice=instance).values_list("pk", flat=True))
        schedule(people={instance.pk}, contracts=contracts)


@receiver(post_save, sender=ApprenticeProfile)
def _apprentice_profile_saved(instance: ApprenticeProfile, **kwargs: Any) -> None:
    schedule(contracts=set(Contract.objects.filter(apprentice_id=instance.person_id).values_list("pk", flat=True)))


@receiver(post_save, sender=Company)
def _company_saved(instance: Company, created: bool, **kwargs: Any) -> None:
    if not created:
        schedule(companies={instance.pk})


@receiver(post_save, sender=Certification)
def _certification_saved(instance: Certification, created: bool, **kwargs: Any) -> None:
    if not created:
        schedule(contracts=set(Contract.objects.filter(certification=instance).values_list("pk", flat=True)))


@receiver([post_save, post_delete], sender=BranchAgreement)
@receiver([post_save, post_delete], sender=BranchCompetenceRoute)
@receiver([post_save, post_delete], sender=BranchOpco)
@receiver([post_save, post_delete], sender=OpcoFundingRule)
def _configuration_changed(**kwargs: Any) -> None:
    schedule(everything=True)
