"""GET /contracts and /contracts/{id}: the contracts in the account's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from compagnon.api.auth import scope_of
from compagnon.api.errors import DATE_HINT, FORBIDDEN, FORMATS, ApiValidationError
from compagnon.api.pagination import PageOut, PageParams, paginate
from compagnon.api.schemas import (
    ERRORS,
    ERRORS_WITH_404,
    AreaRef,
    CertificationRef,
    CommuneRef,
    CompanyRef,
    ErrorOut,
    PersonRef,
    TrainingCentreRef,
)
from compagnon.contracts.enums import ContractKind, ContractStatus, RuptureCause, RuptureInitiative, SupervisionRole
from compagnon.contracts.models import Contract
from compagnon.intake.models import ImportRun
from compagnon.intake.permits import permit_for
from compagnon.intake.services import MAX_BATCH_ITEMS, import_batch

router = Router(tags=["Contrats"])

MAX_ID = 2**63 - 1


class ContractFilters(Schema):
    kind: ContractKind | None = Field(None, description="Type de contrat.")
    status: ContractStatus | None = Field(None, description="Statut à la date du jour, déduit des dates du contrat.")
    employment_area: str | None = Field(
        None, pattern=r"^\d{4}$", description=f"Zone d'emploi du lieu de travail ({FORMATS['employment_area']})."
    )
    start_date_from: dt.date | None = Field(None, description=f"Début du contrat à partir de ce jour ({DATE_HINT}).")
    start_date_to: dt.date | None = Field(None, description=f"Début du contrat jusqu'à ce jour inclus ({DATE_HINT}).")
    training_centre: str | None = Field(
        None, pattern=r"^\d{7}[A-Za-z]$", description=f"CFA ({FORMATS['training_centre']})."
    )


class ContractOut(Schema):
    id: int
    kind: ContractKind = Field(description="Type de contrat.")
    status: ContractStatus = Field(description="Statut à la date du jour.")
    start_date: dt.date = Field(description="Date de début.")
    planned_end_date: dt.date = Field(description="Date de fin prévue.")
    rupture_date: dt.date | None = Field(description="Date de rupture, s'il y a eu rupture.")
    company: CompanyRef = Field(description="Employeur.")
    workplace_commune: CommuneRef = Field(description="Commune du lieu de travail.")
    employment_area: AreaRef | None = Field(description="Zone d'emploi du lieu de travail.")
    training_centre: TrainingCentreRef | None = Field(description="CFA.")
    apprentice: PersonRef = Field(description="Alternant.")
    certification: CertificationRef | None = Field(description="Certification préparée.")

    @staticmethod
    def resolve_status(obj: Contract, context: dict[str, Any]) -> str:
        return obj.status_on(timezone.localdate())


class OpcoRef(Schema):
    code: str
    name: str


class SupervisionOut(Schema):
    person: PersonRef = Field(description="Maître d'apprentissage ou tuteur.")
    role: SupervisionRole = Field(description="Rôle.")
    is_referent: bool = Field(description="Référent de l'équipe tutorale.")
    is_second_tutor: bool = Field(description="Second tuteur (D6325-10).")
    start_date: dt.date | None = Field(description="Début du tutorat, s'il diffère de celui du contrat.")
    end_date: dt.date | None = Field(description="Fin du tutorat, s'il diffère de celle du contrat.")


class ContractDetailOut(ContractOut):
    signature_date: dt.date | None = Field(description="Date de conclusion.")
    rupture_cause: RuptureCause | None = Field(description="Motif de rupture.")
    rupture_initiative: RuptureInitiative | None = Field(description="Rupture à l'initiative de.")
    opco: OpcoRef | None = Field(description="OPCO.")
    supervisions: list[SupervisionOut] = Field(description="Maîtres d'apprentissage ou tuteurs.")

    @staticmethod
    def resolve_rupture_cause(obj: Contract, context: dict[str, Any]) -> str | None:
        return obj.rupture_cause or None

    @staticmethod
    def resolve_rupture_initiative(obj: Contract, context: dict[str, Any]) -> str | None:
        return obj.rupture_initiative or None

    @staticmethod
    def resolve_supervisions(obj: Contract, context: dict[str, Any]) -> list[Any]:
        return list(obj.supervisions.all())


class ContractPage(PageOut):
    items: list[ContractOut]


def _contracts(request: HttpRequest) -> QuerySet[Contract]:
    related = ["company", "workplace_commune", "employment_area", "training_centre", "apprentice", "certification"]
    return scope_of(request).filter_contracts(Contract.objects.select_related(*related))


@router.get(
    "/contracts",
    response={200: ContractPage} | ERRORS,
    summary="Lister les contrats",
    description="Les contrats de votre périmètre, du plus récent au plus ancien (date de début), filtrables.",
)
def list_contracts(request: HttpRequest, filters: Query[ContractFilters], page: Query[PageParams]) -> dict[str, Any]:
    qs = _contracts(request)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.with_status(filters.status, on=timezone.localdate())  # type: ignore[attr-defined]
    if filters.employment_area:
        qs = qs.filter(employment_area_id=filters.employment_area)
    if filters.start_date_from and filters.start_date_to and filters.start_date_from > filters.start_date_to:
        raise ApiValidationError(
            parameter="start_date_to", message="doit être postérieure ou égale à « start_date_from »"
        )
    if filters.start_date_from:
        qs = qs.filter(start_date__gte=filters.start_date_from)
    if filters.start_date_to:
        qs = qs.filter(start_date__lte=filters.start_date_to)
    if filters.training_centre:
        qs = qs.filter(training_centre__uai=filters.training_centre.upper())
    return paginate(qs.order_by("-start_date", "-id"), page)


@router.get(
    "/contracts/{contract_id}",
    response={200: ContractDetailOut} | ERRORS_WITH_404,
    summary="Consulter un contrat",
    description="Un contrat de votre périmètre ; un contrat hors périmètre répond 404 comme un contrat inconnu.",
)
def get_contract(
    request: HttpRequest, contract_id: int = Path(..., ge=1, le=MAX_ID, description="Identifiant du contrat.")
) -> Contract:
    contract = (
        _contracts(request)
        .select_related("opco")
        .prefetch_related("supervisions__person")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None:
        raise Http404
    return contract


# --- POST /contracts: a batch in, the same pipeline as a file ----------------------------------------------------
class ContractBatchIn(Schema):
    contracts: list[dict[str, Any]] = Field(
        ...,
        min_length=1,
        max_length=MAX_BATCH_ITEMS,
        description="Les contrats, un objet par contrat, avec les noms des colonnes du fichier de contrats "
        "(docs/formats.md) : numero_contrat, type_contrat, date_debut, date_fin, employeur_siret, … ; "
        f"{MAX_BATCH_ITEMS} au plus par lot.",
    )
    source: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        description="Qui envoie ces contrats : avec le numéro de contrat, l'identité de chaque contrat (par défaut, "
        "l'identifiant du compte). Renvoyer un contrat de même source et de même numéro le met à jour.",
    )
    dry_run: bool = Field(False, description="Vrai : tout vérifier, ne rien écrire.")
    partial: bool = Field(
        False,
        description="Vrai : écrire les contrats valides et refuser les autres ; faux : un lot en erreur n'écrit rien.",
    )


class ItemErrorOut(Schema):
    field: str = Field(description="Champ en cause (vide : le contrat dans son ensemble).")
    message: str = Field(description="Ce qui ne va pas, en français.")


class ItemOut(Schema):
    index: int = Field(description="Rang du contrat dans le lot (à partir de 0).")
    status: str = Field(description="created | updated | unchanged | rejected (ce qui est fait, ou serait fait).")
    id: int | None = Field(description="Identifiant du contrat dans Compagnon.")
    errors: list[ItemErrorOut]


class BatchOut(Schema):
    import_id: int = Field(description="Numéro de l'import (journal des imports).")
    written: bool = Field(description="Vrai si le lot a été écrit ; faux pour une vérification ou un lot refusé.")
    created: int
    updated: int
    unchanged: int
    rejected: int
    message: str = Field(description="Résumé en français.")
    notices: list[str] = Field(
        description="Remarques sur le lot entier : champs inconnus, champs obligatoires absents."
    )
    items: list[ItemOut]


@router.post(
    "/contracts",
    response={200: BatchOut, 403: ErrorOut} | ERRORS,
    summary="Envoyer des contrats",
    description="Un lot de contrats (fournisseurs de données, logiciels de CFA) : même validation, même identité et "
    "même idempotence qu'un fichier importé ; la réponse dit, contrat par contrat, s'il est créé, modifié, inchangé "
    "ou refusé, et pourquoi. Un compte de CFA n'envoie que les contrats de son CFA ; un animateur régional, ceux qui "
    "s'exécutent dans sa région.",
)
def post_contracts(request: HttpRequest, batch: ContractBatchIn) -> Any:
    permit = permit_for(scope_of(request))
    if permit is None:
        raise PermissionDenied(FORBIDDEN)
    for index, item in enumerate(batch.contracts):
        for key, value in item.items():
            if not isinstance(value, str | int | float | bool) and value is not None:
                raise ApiValidationError(
                    parameter=f"contracts.{index}.{key}",
                    location="body",
                    message="doit être un texte, un nombre, un booléen ou null",
                )
    answer = import_batch(
        items=batch.contracts,
        source=batch.source or request.user.get_username(),
        actor=request.user,
        permit=permit,
        dry_run=batch.dry_run,
        partial=batch.partial,
    )
    run = answer.run
    return {
        "import_id": run.pk,
        "written": run.status == ImportRun.Status.DONE and run.mode == ImportRun.Mode.WET_RUN,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "rejected": run.rejected,
        "message": run.message or "Lot importé.",
        "notices": answer.notices,
        "items": answer.items,
    }
