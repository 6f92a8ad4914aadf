"""Merging two people the animator recognised as one, and undoing it: every history kept, nothing deleted.

A merge moves onto the kept person the merged person's contracts as apprentice, supervisions, account, supervisor
profile (or, when both have one, its diplomas and experience periods), apprentice profile, and fills the kept
person's empty facts (e-mail, phone, birth date...) from the merged one. The merged person stays, marked
`merged_into`, hidden from lists and searches. The proposal records the id of every row moved and the former value
of every field filled, so that undoing puts exactly those back. People merged earlier into the merged person now
point to the kept one (recorded too): `merged_into` always leads to a person that is not merged.

The people of each contract (ContractPerson) and the name search index follow by their database triggers; the
novelty of the masters' supervisions is classified again, and their compliance recomputed after the commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, Model, OuterRef
from django.utils import timezone

from compagnon.accounts.models import User
from compagnon.contracts.models import Contract, Supervision
from compagnon.core import audit
from compagnon.core.models import AuditEntry
from compagnon.people.models import (
    ApprenticeProfile,
    Diploma,
    ExperiencePeriod,
    MergeProposal,
    Person,
    SupervisorProfile,
)

Status = MergeProposal.Status

# Facts of the kept person filled from the merged one when empty on the kept side (never overwritten).
PERSON_FIELDS = ("birth_name", "birth_date", "email", "phone")
SUPERVISOR_PROFILE_FIELDS = (
    "job_title",
    "sponsor_volunteer",
    "vae_interest",
    "capacity_exemption_limit",
    "capacity_exemption_until",
)
APPRENTICE_PROFILE_FIELDS = (
    "sex",
    "prior_situation",
    "highest_diploma_level",
    "disabled_worker",
    "qpv_resident",
    "long_term_jobseeker",
    "minimum_benefits",
)


class MergeError(Exception):
    """Why a merge, a refusal or an undo cannot be done, in French for the page."""


def _check_transition(proposal: MergeProposal, target: str) -> None:
    if target not in MergeProposal.TRANSITIONS[proposal.status]:
        raise MergeError(
            f"Cette proposition a déjà été traitée (statut : {proposal.get_status_display().lower()}) : "
            "rien n'a été modifié."
        )


def _locked(proposal: MergeProposal) -> MergeProposal:
    """The proposal read again under a row lock: two clicks on the same button decide once."""
    return MergeProposal.objects.select_for_update().get(pk=proposal.pk)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value is False


def _stored(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _fill(target: Model, source: Model, fields: tuple[str, ...]) -> dict[str, list[Any]]:
    """Copy onto `target` the facts it lacks and `source` has; returns {field: [former, new]} (JSON-ready)."""
    filled: dict[str, list[Any]] = {}
    for name in fields:
        mine, theirs = getattr(target, name), getattr(source, name)
        if _empty(mine) and not _empty(theirs):
            filled[name] = [_stored(mine), _stored(theirs)]
            setattr(target, name, theirs)
    if filled:
        target.save(update_fields=list(filled))
    return filled


def _restore(target: Model, filled: dict[str, list[Any]]) -> list[str]:
    """Put back the former values of the filled fields still holding what the merge wrote; returns the others."""
    kept_changes, restored = [], []
    for name, (former, new) in filled.items():
        model_field = target._meta.get_field(name)
        if _stored(getattr(target, name)) == new:
            setattr(target, name, model_field.to_python(former))  # type: ignore[union-attr]
            restored.append(name)
        else:
            kept_changes.append(name)
    if restored:
        target.save(update_fields=restored)
    return kept_changes


def _ids(queryset: Any) -> list[int]:
    return sorted(queryset.values_list("pk", flat=True))


def _after(people: set[int], contracts: set[int]) -> None:
    """The facts derived from a person's history: the novelty of their supervisions now, their compliance later."""
    from compagnon.compliance.signals import schedule
    from compagnon.intake.classification import classify_people

    classify_people(people)
    schedule(people=people, contracts=contracts)


def supervision_conflicts(*, kept: Person, merged: Person) -> list[int]:
    """Contracts on which both people hold the same role: one person cannot (supervision_unique_person_role)."""
    same = Supervision.objects.filter(person=kept, contract_id=OuterRef("contract_id"), role=OuterRef("role"))
    return sorted(
        Supervision.objects.filter(person=merged).filter(Exists(same)).values_list("contract_id", flat=True).distinct()
    )


def check_merge(*, proposal: MergeProposal, keep_id: int, lock: bool = False) -> tuple[Person, Person]:
    """The (kept, merged) people if `proposal` may be merged keeping `keep_id`; raises MergeError otherwise.

    Also what the confirmation page asks before it offers the button.
    """
    _check_transition(proposal, Status.MERGED)
    if keep_id not in (proposal.person_a_id, proposal.person_b_id):
        raise MergeError("La personne à garder n'est pas l'une des deux personnes de cette proposition.")
    people = Person.objects.select_for_update() if lock else Person.objects.all()
    pair = people.in_bulk([proposal.person_a_id, proposal.person_b_id])
    kept, merged = pair[keep_id], pair[proposal.other(keep_id)]
    for person in (kept, merged):
        if person.merged_into_id is not None:
            raise MergeError(
                f"{person.full_name} a déjà été fusionnée dans une autre personne : annulez d'abord cette fusion."
            )
    if conflicts := supervision_conflicts(kept=kept, merged=merged):
        numbers = ", ".join(f"n°{pk}" for pk in conflicts)
        raise MergeError(
            f"Les deux personnes encadrent le même contrat avec le même rôle ({numbers}) : ce sont sans doute "
            "deux personnes différentes. S'il s'agit d'une erreur de saisie, corrigez d'abord le contrat."
        )
    accounts = list(User.objects.filter(person__in=[kept, merged]).order_by("pk").values_list("username", flat=True))
    if len(accounts) > 1:
        raise MergeError(
            f"Les deux personnes ont chacune un compte ({', '.join(accounts)}) : une personne n'a qu'un compte. "
            "Détachez d'abord l'un des deux comptes de sa personne (administration)."
        )
    return kept, merged


def merge_people(*, proposal: MergeProposal, keep: Person, actor: Any) -> MergeProposal:
    """Merge the other person of `proposal` into `keep`; raises MergeError (nothing changed) when it cannot."""
    with transaction.atomic():
        proposal = _locked(proposal)
        kept, merged = check_merge(proposal=proposal, keep_id=keep.pk, lock=True)

        moved: dict[str, Any] = {"kept": kept.pk, "merged": merged.pk}
        moved["contracts"] = _ids(Contract.objects.filter(apprentice=merged))
        Contract.objects.filter(pk__in=moved["contracts"]).update(apprentice=kept)
        moved["supervisions"] = _ids(Supervision.objects.filter(person=merged))
        Supervision.objects.filter(pk__in=moved["supervisions"]).update(person=kept)
        moved["users"] = _ids(User.objects.filter(person=merged))
        User.objects.filter(pk__in=moved["users"]).update(person=kept)
        moved["merged_people"] = _ids(Person.objects.filter(merged_into=merged))
        Person.objects.filter(pk__in=moved["merged_people"]).update(merged_into=kept)
        moved.update(_merge_supervisor_profiles(kept, merged))
        moved.update(_merge_apprentice_profiles(kept, merged))
        moved["person_fields"] = _fill(kept, merged, PERSON_FIELDS)
        merged.merged_into = kept
        merged.save(update_fields=["merged_into"])

        proposal.status = Status.MERGED
        proposal.kept = kept
        proposal.moved = moved
        proposal.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "kept", "moved", "decided_by", "decided_at"])
        counts = _counts(moved)
        for person, summary in [
            (kept, f"Fusion : {merged.full_name} (n°{merged.pk}) fusionnée dans {kept.full_name} (n°{kept.pk})"),
            (merged, f"Fusion : {merged.full_name} (n°{merged.pk}) fusionnée dans {kept.full_name} (n°{kept.pk})"),
        ]:
            audit.record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                summary=summary,
                obj=person,
                changes={"opération": "fusion", "proposition": proposal.pk, **counts},
            )
        _after({kept.pk, merged.pk}, set(moved["contracts"]))
    return proposal


def _merge_supervisor_profiles(kept: Person, merged: Person) -> dict[str, Any]:
    theirs = SupervisorProfile.objects.filter(person=merged).first()
    if theirs is None:
        return {}
    mine = SupervisorProfile.objects.filter(person=kept).first()
    if mine is None:
        SupervisorProfile.objects.filter(pk=theirs.pk).update(person=kept)
        return {"supervisor_profile": theirs.pk}
    diplomas = _ids(Diploma.objects.filter(profile=theirs))
    Diploma.objects.filter(pk__in=diplomas).update(profile=mine)
    experiences = _ids(ExperiencePeriod.objects.filter(profile=theirs))
    ExperiencePeriod.objects.filter(pk__in=experiences).update(profile=mine)
    return {
        "supervisor_profiles": [mine.pk, theirs.pk],
        "diplomas": diplomas,
        "experiences": experiences,
        "supervisor_profile_fields": _fill(mine, theirs, SUPERVISOR_PROFILE_FIELDS),
    }


def _merge_apprentice_profiles(kept: Person, merged: Person) -> dict[str, Any]:
    theirs = ApprenticeProfile.objects.filter(person=merged).first()
    if theirs is None:
        return {}
    mine = ApprenticeProfile.objects.filter(person=kept).first()
    if mine is None:
        ApprenticeProfile.objects.filter(pk=theirs.pk).update(person=kept)
        return {"apprentice_profile": theirs.pk}
    return {"apprentice_profile_fields": _fill(mine, theirs, APPRENTICE_PROFILE_FIELDS)}


def _counts(moved: dict[str, Any]) -> dict[str, int]:
    return {
        "contrats comme alternant": len(moved.get("contracts", [])),
        "tutorats": len(moved.get("supervisions", [])),
        "comptes": len(moved.get("users", [])),
        "diplômes": len(moved.get("diplomas", [])),
        "périodes d'expérience": len(moved.get("experiences", [])),
    }


def undo_merge(*, proposal: MergeProposal, actor: Any) -> MergeProposal:
    """Put back every row the merge moved and every fact it filled; both people are then separate again."""
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status != Status.MERGED:
            raise MergeError("Ces deux personnes ne sont pas fusionnées : il n'y a pas de fusion à annuler.")
        moved = proposal.moved
        people = Person.objects.select_for_update().in_bulk([moved["kept"], moved["merged"]])
        kept, merged = people[moved["kept"]], people[moved["merged"]]
        if kept.merged_into_id is not None:
            raise MergeError(
                f"{kept.full_name} a depuis été fusionnée dans une autre personne : annulez d'abord cette fusion-là."
            )
        try:
            with transaction.atomic():
                Contract.objects.filter(pk__in=moved["contracts"], apprentice=kept).update(apprentice=merged)
                Supervision.objects.filter(pk__in=moved["supervisions"], person=kept).update(person=merged)
                User.objects.filter(pk__in=moved["users"], person=kept).update(person=merged)
        except IntegrityError as error:
            raise MergeError(
                f"{merged.full_name} a reçu depuis la fusion un rôle ou un compte qui entre en conflit avec ce qui "
                "doit lui revenir : corrigez d'abord les contrats ou le compte concernés."
            ) from error
        Person.objects.filter(pk__in=moved["merged_people"], merged_into=kept).update(merged_into=merged)
        not_restored = _restore(kept, moved["person_fields"])
        if profile := moved.get("supervisor_profile"):
            SupervisorProfile.objects.filter(pk=profile, person=kept).update(person=merged)
        if profiles := moved.get("supervisor_profiles"):
            mine, theirs = profiles
            Diploma.objects.filter(pk__in=moved["diplomas"], profile_id=mine).update(profile_id=theirs)
            ExperiencePeriod.objects.filter(pk__in=moved["experiences"], profile_id=mine).update(profile_id=theirs)
            profile_of_kept = SupervisorProfile.objects.filter(pk=mine).first()
            if profile_of_kept is not None:
                not_restored += _restore(profile_of_kept, moved["supervisor_profile_fields"])
        if profile := moved.get("apprentice_profile"):
            ApprenticeProfile.objects.filter(pk=profile, person=kept).update(person=merged)
        if "apprentice_profile_fields" in moved:
            apprentice_profile = ApprenticeProfile.objects.filter(person=kept).first()
            if apprentice_profile is not None:
                not_restored += _restore(apprentice_profile, moved["apprentice_profile_fields"])
        merged.merged_into = None
        merged.save(update_fields=["merged_into"])

        proposal.status = Status.UNDONE
        proposal.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "decided_by", "decided_at"])
        changes: dict[str, Any] = {"opération": "annulation de fusion", "proposition": proposal.pk, **_counts(moved)}
        if not_restored:
            # Changed by someone since the merge: their value stays.
            changes["champs modifiés depuis, gardés"] = not_restored
        for person in (kept, merged):
            audit.record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                summary=f"Fusion annulée : {merged.full_name} (n°{merged.pk}) séparée de {kept.full_name} "
                f"(n°{kept.pk})",
                obj=person,
                changes=changes,
            )
        _after({kept.pk, merged.pk}, set(moved["contracts"]))
    return proposal


def reject_proposal(*, proposal: MergeProposal, actor: Any) -> MergeProposal:
    """The animator says the two are different people: the pair is not proposed again."""
    with transaction.atomic():
        proposal = _locked(proposal)
        _check_transition(proposal, Status.REJECTED)
        proposal.status = Status.REJECTED
        proposal.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "decided_by", "decided_at"])
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            summary=f"Doublon écarté : les personnes n°{proposal.person_a_id} et n°{proposal.person_b_id} sont "
            "différentes",
            obj=proposal,
            changes={"opération": "doublon écarté", "personnes": [proposal.person_a_id, proposal.person_b_id]},
        )
    return proposal


def what_moves(*, merged: Person) -> dict[str, int]:
    """What a merge would move from `merged` to the kept person, counted for the confirmation page."""
    return {
        "contrats comme alternant": Contract.objects.filter(apprentice=merged).count(),
        "tutorats": Supervision.objects.filter(person=merged).count(),
        "comptes": User.objects.filter(person=merged).count(),
        "diplômes": Diploma.objects.filter(profile__person=merged).count(),
        "périodes d'expérience": ExperiencePeriod.objects.filter(profile__person=merged).count(),
    }
