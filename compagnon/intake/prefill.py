"""A stored contract written back as the cells of a contract file: what the entry form shows to correct a contract.

The cells are those the import reads (docs/formats.md), with values its cleaners give back unchanged: submitting them
as they are changes nothing (tests/intake/test_prefill.py imports, prefills and submits again). Dates are ISO, as a
date field sends them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from compagnon.contracts.models import Contract, Supervision
from compagnon.intake.rows import EMPLOYER_KINDS
from compagnon.people.models import Diploma

# Stored codes -> a word the import's cleaners read back as that code (compagnon/intake/values.py).
EMPLOYER_KIND_WORDS = {kind: word for word, kind in EMPLOYER_KINDS.items()}
INITIATIVE_WORDS = {
    "employer": "employeur",
    "apprentice": "apprenti",
    "both": "commun_accord",
    "cfa": "cfa",
    "other": "autre",
}
PRIOR_SITUATION_WORDS = {
    "school": "scolaire",
    "trainee": "stagiaire",
    "student": "étudiant",
    "apprentice": "apprenti",
    "professionalisation": "professionnalisation",
    "employee": "salarié",
    "jobseeker": "demandeur d'emploi",
    "inactive": "inactif",
    "other": "autre",
}


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def contract_cells(contract: Contract) -> dict[str, str]:
    """The contract as the cells of one row of a contract file (its source and number included)."""
    company = contract.company
    apprentice = contract.apprentice
    profile = getattr(apprentice, "apprentice_profile", None)
    certification = contract.certification
    centre = contract.training_centre
    cells = {
        "numero_contrat": contract.source_id,
        "type_contrat": contract.kind,
        "date_conclusion": _day(contract.signature_date),
        "date_debut": _day(contract.start_date),
        "date_fin": _day(contract.planned_end_date),
        "date_rupture": _day(contract.rupture_date),
        "cause_rupture": contract.rupture_cause_text
        or (contract.get_rupture_cause_display() if contract.rupture_cause else ""),
        "initiative_rupture": INITIATIVE_WORDS.get(contract.rupture_initiative, ""),
        "lieu_execution_code_commune": contract.workplace_commune_id
        if contract.workplace_commune_id != company.commune_id
        else "",
        "employeur_siret": company.siret,
        "employeur_denomination": company.name,
        "employeur_code_commune": _text(company.commune_id),
        "employeur_naf": company.naf,
        "employeur_idcc": company.idcc,
        "employeur_effectif": _text(company.headcount),
        "employeur_type": EMPLOYER_KIND_WORDS.get(company.kind, ""),
        "apprenti_nom": apprentice.last_name,
        "apprenti_prenom": apprentice.first_name,
        "apprenti_date_naissance": _day(apprentice.birth_date),
        "apprenti_sexe": profile.sex if profile else "",
        "apprenti_courriel": apprentice.email,
        "apprenti_situation_avant_contrat": PRIOR_SITUATION_WORDS.get(profile.prior_situation, "") if profile else "",
        "apprenti_dernier_diplome_niveau": _text(profile.highest_diploma_level) if profile else "",
        "formation_rncp": certification.rncp_code if certification else "",
        "formation_intitule": certification.title if certification else "",
        "formation_niveau": _text(certification.level) if certification else "",
        "formation_nsf": _text(certification.nsf_id) if certification else "",
        "cfa_uai": centre.uai if centre else "",
        "cfa_siret": centre.siret if centre else "",
        "cfa_denomination": centre.name if centre else "",
    }
    supervisions = contract.supervisions.filter(is_second_tutor=False).select_related(
        "person", "person__supervisor_profile"
    )
    for number, supervision in enumerate(supervisions.order_by("-is_referent", "id")[:2], start=1):
        cells.update(_master_cells(f"maitre{number}_", supervision))
    return cells


def _master_cells(prefix: str, supervision: Supervision) -> dict[str, str]:
    person = supervision.person
    profile = getattr(person, "supervisor_profile", None)
    # The latest diploma recorded: the one the last file or form gave (a master's diplomas only accumulate).
    diploma = Diploma.objects.filter(profile=profile).order_by("-id").first() if profile is not None else None
    return {
        f"{prefix}nom": person.last_name,
        f"{prefix}prenom": person.first_name,
        f"{prefix}date_naissance": _day(person.birth_date),
        f"{prefix}courriel": person.email,
        f"{prefix}emploi": profile.job_title if profile else "",
        f"{prefix}diplome": diploma.title if diploma else "",
        f"{prefix}niveau_diplome": _text(diploma.level) if diploma else "",
        f"{prefix}nsf_diplome": _text(diploma.nsf_id) if diploma else "",
        # Declared experience adds a period before the contract; it was recorded then, it is not asked again.
        f"{prefix}experience_mois": "",
    }
