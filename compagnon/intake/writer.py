"""Writing cleaned contract rows: find or create what each row names, then create, update or leave its contract.

One ChunkWriter per import, called chunk by chunk inside the import's transaction. Identity (issue 4):
- a contract is (source name, contract number): the same file imported twice changes nothing;
- a company is its SIRET, a CFA its UAI, a certification its RNCP code; when rows disagree on a company's facts, the
  last row wins and the change goes to the audit log;
- a person is (normalised name, birth date), with the e-mail as a supporting signal when the birth date is missing;
  near-duplicates are never merged here.
Keys of companies, CFAs and certifications live in memory; people and contracts are looked up per chunk (one query
for the chunk's names, one for its numbers), so that a million rows do not fill memory.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from compagnon.certifications.models import Certification
from compagnon.compliance.models import BranchOpco
from compagnon.contracts.enums import ContractKind, ContractSource, SupervisionRole
from compagnon.contracts.models import Contract, Supervision
from compagnon.core.models import AuditEntry
from compagnon.core.text import normalize
from compagnon.intake.models import ImportRun
from compagnon.intake.rows import ContractRow, Problem
from compagnon.organisations.models import Company, TrainingCentre
from compagnon.people.models import ApprenticeProfile, Diploma, ExperiencePeriod, Person, SupervisorProfile

# The contract columns an import sets, and so compares when a contract comes again.
CONTRACT_FIELDS = (
    "kind",
    "company_id",
    "workplace_commune_id",
    "employment_area_id",
    "department_id",
    "apprentice_id",
    "certification_id",
    "training_centre_id",
    "opco_id",
    "signature_date",
    "start_date",
    "planned_end_date",
    "rupture_date",
    "rupture_cause",
    "rupture_cause_text",
    "rupture_initiative",
)
COMPANY_FIELDS = ("name", "naf", "idcc", "headcount", "kind", "commune_id")
FIELD_LABELS = {
    "kind": "type",
    "company_id": "employeur",
    "workplace_commune_id": "lieu d'exécution",
    "employment_area_id": "zone d'emploi",
    "department_id": "département",
    "apprentice_id": "alternant",
    "certification_id": "certification",
    "training_centre_id": "CFA",
    "opco_id": "OPCO",
    "signature_date": "date de conclusion",
    "start_date": "date de début",
    "planned_end_date": "date de fin",
    "rupture_date": "date de rupture",
    "rupture_cause": "motif de rupture",
    "rupture_cause_text": "motif de rupture (reçu)",
    "rupture_initiative": "initiative de la rupture",
    "name": "raison sociale",
    "naf": "NAF",
    "idcc": "IDCC",
    "headcount": "effectif",
    "commune_id": "commune",
    "supervisors": "maîtres d'apprentissage ou tuteurs",
}


@dataclass
class ChunkResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class _Company:
    id: int
    name: str
    naf: str
    idcc: str
    headcount: int | None
    kind: str
    commune_id: str
    opco_id: int | None


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


class ChunkWriter:
    def __init__(self, *, run: ImportRun, training_centre: TrainingCentre | None = None) -> None:
        self.run = run
        self.source = run.source
        self.centre_only = training_centre
        self.now = timezone.now()
        self.companies: dict[str, _Company] = {}
        self.centres: dict[str, int] = dict(TrainingCentre.objects.values_list("uai", "id"))
        self.certifications: dict[str, int] = dict(Certification.objects.values_list("rncp_code", "id"))
        self.opco_by_idcc: dict[str, int] = dict(BranchOpco.objects.values_list("idcc", "opco_id"))
        # Masters and apprentices whose contracts this import created or changed: classify_people() looks at them.
        self.touched_people: set[int] = set()
        self.audit: list[AuditEntry] = []
        self.actor = run.created_by
        self.channel = ContractSource.API if run.channel == ImportRun.Channel.API else ContractSource.FILE

    # --- one chunk -------------------------------------------------------------------------------------------
    def write(self, rows: list[ContractRow]) -> ChunkResult:
        result = ChunkResult()
        existing = {
            c.source_id: c
            for c in Contract.objects.filter(
                source_name=self.source, source_id__in=[r.number for r in rows]
            ).prefetch_related("supervisions")
        }
        rows = self._admissible(rows, existing, result)
        if not rows:
            return result
        companies = self._companies(rows)
        centres = self._centres(rows)
        certifications = self._certifications(rows)
        people = _PeopleFinder(rows)
        apprentices = [people.find(r.apprentice_last_name, r.apprentice_first_name, r.apprentice_birth_date,
                                   r.apprentice_email) for r in rows]  # fmt: skip
        masters = [[people.find(m.last_name, m.first_name, m.birth_date, m.email) for m in r.masters] for r in rows]
        people.create_new()
        self._profiles(rows, apprentices, masters, people)

        new_contracts: list[tuple[Contract, list[tuple[int, str, bool]]]] = []
        for row, apprentice, supervisors in zip(rows, apprentices, masters, strict=True):
            company = companies[row.employer_siret]
            wanted = {
                "kind": row.kind,
                "company_id": company.id,
                "workplace_commune_id": row.workplace.insee,
                "employment_area_id": row.workplace.area,
                "department_id": row.workplace.department,
                "apprentice_id": apprentice.id,
                "certification_id": certifications.get(row.rncp) if row.rncp else None,
                "training_centre_id": centres.get(row.cfa_uai) if row.cfa_uai else None,
                "opco_id": company.opco_id,
                "signature_date": row.signature_date,
                "start_date": row.start_date,
                "planned_end_date": row.end_date,
                "rupture_date": row.rupture_date,
                "rupture_cause": row.rupture_cause,
                "rupture_cause_text": row.rupture_cause_text,
                "rupture_initiative": row.rupture_initiative,
            }
            role = SupervisionRole.MASTER if row.kind == ContractKind.APPRENTISSAGE else SupervisionRole.TUTOR
            team = [(person.id, role.value, index == 0) for index, person in enumerate(supervisors)]
            contract = existing.get(row.number)
            if contract is None:
                new_contracts.append(
                    (
                        Contract(
                            **wanted,
                            source=self.channel,
                            source_name=self.source,
                            source_id=row.number,
                            last_import=self.run,
                        ),
                        team,
                    )
                )
                self.touched_people.update(p for p, _, _ in team)
                self.touched_people.add(apprentice.id)
                result.created += 1
                continue
            changes = {
                FIELD_LABELS[name]: [_plain(getattr(contract, name)), _plain(value)]
                for name, value in wanted.items()
                if getattr(contract, name) != value
            }
            current_team = sorted(
                (s.person_id, s.role, s.is_referent) for s in contract.supervisions.all() if not s.is_second_tutor
            )
            if current_team != sorted(team):
                changes[FIELD_LABELS["supervisors"]] = [[p for p, _, _ in current_team], [p for p, _, _ in team]]
                self._replace_team(contract, team, row)
                self.touched_people.update(p for p, _, _ in current_team)
            if not changes:
                contract.last_import = self.run
                Contract.objects.filter(pk=contract.pk).update(last_import=self.run)
                result.unchanged += 1
                continue
            for name, value in wanted.items():
                setattr(contract, name, value)
            contract.last_import = self.run
            contract.save(update_fields=[*CONTRACT_FIELDS, "last_import", "updated_at"])
            self.touched_people.update(p for p, _, _ in team)
            self.touched_people.add(apprentice.id)
            self._note(contract, f"Contrat {row.number} modifié par l'import n°{self.run.pk} (ligne {row.line})",
                       changes)  # fmt: skip
            result.updated += 1

        created = Contract.objects.bulk_create([c for c, _ in new_contracts], batch_size=500)
        Supervision.objects.bulk_create(
            [
                Supervision(
                    contract_id=contract.pk,
                    person_id=person_id,
                    role=role,
                    is_referent=referent,
                    start_date=contract.start_date,
                    end_date=contract.rupture_date or contract.planned_end_date,
                )
                for contract, (_, team) in zip(created, new_contracts, strict=True)
                for person_id, role, referent in team
            ],
            batch_size=500,
        )
        self._flush_audit()
        return result

    def finish(self) -> None:
        self._flush_audit()

    # --- checks that need the database ------------------------------------------------------------------------
    def _admissible(
        self, rows: list[ContractRow], existing: dict[str, Contract], result: ChunkResult
    ) -> list[ContractRow]:
        kept: list[ContractRow] = []
        seen: dict[str, int] = {}
        for row in rows:
            problems = []
            if row.number in seen:
                problems.append(
                    Problem(
                        row.line,
                        "numero_contrat",
                        f"Numéro de contrat « {row.number} » déjà présent ligne "
                        f"{seen[row.number]} : une ligne par contrat.",
                    )  # fmt: skip
                )
            elif (found := existing.get(row.number)) is not None and found.last_import_id == self.run.pk:
                problems.append(
                    Problem(
                        row.line,
                        "numero_contrat",
                        f"Numéro de contrat « {row.number} » déjà présent plus haut "
                        "dans le fichier : une ligne par contrat.",
                    )  # fmt: skip
                )
            seen.setdefault(row.number, row.line)
            centre = self.centre_only
            if centre is not None and row.cfa_uai and row.cfa_uai != centre.uai:
                problems.append(
                    Problem(
                        row.line,
                        "cfa_uai",
                        f"Ce contrat relève du CFA {row.cfa_uai} : un CFA n'importe que "
                        f"ses propres contrats ({centre.uai}).",
                    )  # fmt: skip
                )
            if row.rncp and row.rncp not in self.certifications and row.certification_level is None:
                problems.append(
                    Problem(
                        row.line,
                        "formation_niveau",
                        f"Certification {row.rncp} inconnue : indiquez son niveau "
                        "(formation_niveau) et son intitulé pour la créer.",
                    )  # fmt: skip
                )
            if problems:
                result.problems.extend(problems)
            else:
                if centre is not None and not row.cfa_uai:
                    row.cfa_uai = centre.uai
                kept.append(row)
        return kept

    # --- organisations -------------------------------------------------------------------------------------------
    def _companies(self, rows: list[ContractRow]) -> dict[str, _Company]:
        missing = {r.employer_siret for r in rows} - self.companies.keys()
        if missing:
            for values in Company.objects.filter(siret__in=missing).values_list(
                "siret", "id", "name", "naf", "idcc", "headcount", "kind", "commune_id", "opco_id"
            ):
                self.companies[values[0]] = _Company(*values[1:])
        new: dict[str, Company] = {}
        changed: dict[str, dict[str, list[Any]]] = {}
        for row in rows:
            known = self.companies.get(row.employer_siret)
            facts = {
                "name": row.employer_name,
                "naf": row.employer_naf,
                "idcc": row.employer_idcc,
                "headcount": row.employer_headcount,
                "kind": row.employer_kind,
                "commune_id": row.employer_place.insee,
            }
            if known is None and row.employer_siret not in new:
                new[row.employer_siret] = Company(
                    siret=row.employer_siret,
                    name=row.employer_name,
                    search_name=normalize(row.employer_name),
                    naf=row.employer_naf,
                    idcc=row.employer_idcc,
                    headcount=row.employer_headcount,
                    kind=row.employer_kind or Company.Kind.ORDINARY,
                    commune_id=row.employer_place.insee,
                    employment_area_id=row.employer_place.area,
                    department_id=row.employer_place.department,
                    opco_id=self.opco_by_idcc.get(row.employer_idcc),
                )
                continue
            if known is None:  # created earlier in this chunk: the last row wins
                company = new[row.employer_siret]
                for name, value in facts.items():
                    if value not in (None, "") or name == "headcount":
                        setattr(company, name, value if value is not None or name != "kind" else company.kind)
                company.search_name = normalize(company.name)
                company.employment_area_id = row.employer_place.area
                company.department_id = row.employer_place.department
                company.opco_id = self.opco_by_idcc.get(company.idcc)
                continue
            for name, value in facts.items():
                if value in (None, "") and name != "headcount":
                    continue  # an empty cell does not erase what another row said
                if value is None:
                    continue
                if getattr(known, name) != value:
                    changed.setdefault(row.employer_siret, {})[name] = [getattr(known, name), value]
                    setattr(known, name, value)
        if new:
            for company in Company.objects.bulk_create(new.values(), batch_size=500):
                self.companies[company.siret] = _Company(
                    company.pk,
                    company.name,
                    company.naf,
                    company.idcc,
                    company.headcount,
                    company.kind,
                    company.commune_id,
                    company.opco_id,
                )
        for siret, changes in changed.items():
            known = self.companies[siret]
            place = next(r.employer_place for r in reversed(rows) if r.employer_siret == siret)
            known.opco_id = self.opco_by_idcc.get(known.idcc, known.opco_id)
            Company.objects.filter(pk=known.id).update(
                name=known.name,
                search_name=normalize(known.name),
                naf=known.naf,
                idcc=known.idcc,
                headcount=known.headcount,
                kind=known.kind,
                commune_id=known.commune_id,
                employment_area_id=place.area,
                department_id=place.department,
                opco_id=known.opco_id,
            )
            self.audit.append(
                AuditEntry(
                    actor=self.actor,
                    actor_label=self._actor_label(),
                    action=AuditEntry.Action.UPDATE,
                    object_type=Company._meta.label,
                    object_id=str(known.id),
                    summary=f"Entreprise {siret} modifiée par l'import n°{self.run.pk} (la dernière ligne l'emporte)",
                    changes={FIELD_LABELS[k]: v for k, v in changes.items()},
                )
            )
        return self.companies

    def _centres(self, rows: list[ContractRow]) -> dict[str, int]:
        new = {}
        for row in rows:
            if row.cfa_uai and row.cfa_uai not in self.centres and row.cfa_uai not in new:
                name = row.cfa_name or f"CFA {row.cfa_uai}"
                new[row.cfa_uai] = TrainingCentre(
                    uai=row.cfa_uai, siret=row.cfa_siret, name=name, search_name=normalize(name)
                )
        for centre in TrainingCentre.objects.bulk_create(new.values()):
            self.centres[centre.uai] = centre.pk
        return self.centres

    def _certifications(self, rows: list[ContractRow]) -> dict[str, int]:
        new = {}
        for row in rows:
            if row.rncp and row.rncp not in self.certifications and row.rncp not in new:
                assert row.certification_level is not None  # _admissible() refused the others
                new[row.rncp] = Certification(
                    rncp_code=row.rncp,
                    title=row.certification_title or row.rncp,
                    level=row.certification_level,
                    nsf_id=row.certification_nsf,
                )
        for certification in Certification.objects.bulk_create(new.values()):
            self.certifications[certification.rncp_code] = certification.pk
        return self.certifications

    # --- people ---------------------------------------------------------------------------------------------
    def _profiles(
        self,
        rows: list[ContractRow],
        apprentices: list[Person],
        masters: list[list[Person]],
        people: _PeopleFinder,
    ) -> None:
        apprentice_ids = {p.id for p in apprentices}
        master_ids = {p.id for team in masters for p in team}
        apprentice_profiles = {p.person_id: p for p in ApprenticeProfile.objects.filter(person_id__in=apprentice_ids)}
        supervisor_profiles = {p.person_id: p for p in SupervisorProfile.objects.filter(person_id__in=master_ids)}
        diplomas = defaultdict(set)
        experiences = defaultdict(set)
        for profile_id, title, level, nsf in Diploma.objects.filter(
            profile__in=supervisor_profiles.values()
        ).values_list("profile_id", "title", "level", "nsf_id"):
            diplomas[profile_id].add((title, level, nsf))
        for profile_id, start, end in ExperiencePeriod.objects.filter(
            profile__in=supervisor_profiles.values()
        ).values_list("profile_id", "start_date", "end_date"):
            experiences[profile_id].add((start, end))
        new_apprentice_profiles: dict[int, ApprenticeProfile] = {}
        changed_apprentice_profiles: dict[int, ApprenticeProfile] = {}
        for row, person in zip(rows, apprentices, strict=True):
            profile = apprentice_profiles.get(person.id) or new_apprentice_profiles.get(person.id)
            facts = {
                "sex": row.apprentice_sex,
                "prior_situation": row.apprentice_prior_situation,
                "highest_diploma_level": row.apprentice_level,
            }
            if profile is None:
                new_apprentice_profiles[person.id] = ApprenticeProfile(person_id=person.id, **facts)
                continue
            for name, value in facts.items():
                if value not in (None, "") and getattr(profile, name) != value:
                    setattr(profile, name, value)
                    if profile.pk:
                        changed_apprentice_profiles[profile.pk] = profile
        ApprenticeProfile.objects.bulk_create(new_apprentice_profiles.values(), batch_size=500)
        if changed_apprentice_profiles:
            ApprenticeProfile.objects.bulk_update(
                changed_apprentice_profiles.values(), ["sex", "prior_situation", "highest_diploma_level"]
            )

        new_profiles: dict[int, SupervisorProfile] = {}
        for team, row in zip(masters, rows, strict=True):
            for person, master in zip(team, row.masters, strict=True):
                if person.id not in supervisor_profiles and person.id not in new_profiles:
                    new_profiles[person.id] = SupervisorProfile(person_id=person.id, job_title=master.job_title)
        for profile in SupervisorProfile.objects.bulk_create(new_profiles.values(), batch_size=500):
            supervisor_profiles[profile.person_id] = profile
        changed_profiles = {}
        new_diplomas: list[Diploma] = []
        new_experiences: list[ExperiencePeriod] = []
        for team, row in zip(masters, rows, strict=True):
            for person, master in zip(team, row.masters, strict=True):
                profile = supervisor_profiles[person.id]
                if master.job_title and profile.job_title != master.job_title:
                    profile.job_title = master.job_title
                    changed_profiles[profile.pk] = profile
                if master.diploma_level is not None:
                    key = (master.diploma or f"Diplôme de niveau {master.diploma_level}", master.diploma_level,
                           master.diploma_nsf)  # fmt: skip
                    if key not in diplomas[profile.pk]:
                        diplomas[profile.pk].add(key)
                        new_diplomas.append(Diploma(profile=profile, title=key[0], level=key[1], nsf_id=key[2]))
                if master.experience_months:
                    period = _experience_before(row.start_date, master.experience_months)
                    if period not in experiences[profile.pk]:
                        experiences[profile.pk].add(period)
                        new_experiences.append(
                            ExperiencePeriod(
                                profile=profile,
                                description=f"Expérience déclarée dans le contrat {row.number} "
                                f"({master.experience_months} mois)",
                                nsf_id=master.diploma_nsf,
                                start_date=period[0],
                                end_date=period[1],
                            )
                        )
        if changed_profiles:
            SupervisorProfile.objects.bulk_update(changed_profiles.values(), ["job_title"])
        Diploma.objects.bulk_create(new_diplomas, batch_size=500)
        ExperiencePeriod.objects.bulk_create(new_experiences, batch_size=500)
        del people

    # --- contracts -------------------------------------------------------------------------------------------
    def _replace_team(self, contract: Contract, team: list[tuple[int, str, bool]], row: ContractRow) -> None:
        Supervision.objects.filter(contract=contract, is_second_tutor=False).delete()
        Supervision.objects.bulk_create(
            Supervision(
                contract=contract,
                person_id=person_id,
                role=role,
                is_referent=referent,
                start_date=row.start_date,
                end_date=row.rupture_date or row.end_date,
            )
            for person_id, role, referent in team
        )

    def _note(self, contract: Contract, summary: str, changes: dict[str, Any]) -> None:
        self.audit.append(
            AuditEntry(
                actor=self.actor,
                actor_label=self._actor_label(),
                action=AuditEntry.Action.UPDATE,
                object_type=Contract._meta.label,
                object_id=str(contract.pk),
                summary=summary[:500],
                changes={"import": self.run.pk, **changes},
            )
        )

    def _actor_label(self) -> str:
        return self.actor.get_username() if self.actor is not None else "système"

    def _flush_audit(self) -> None:
        if self.audit:
            AuditEntry.objects.bulk_create(self.audit, batch_size=500)
            self.audit = []


def _experience_before(start: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """Months of experience declared on a contract: the period of that many months that ends the day before it."""
    year, month = divmod(start.year * 12 + start.month - 1 - months, 12)
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day), start - dt.timedelta(days=1)


class _PeopleFinder:
    """A chunk's people: the existing ones by normalised name (one query), new ones created together."""

    def __init__(self, rows: list[ContractRow]) -> None:
        names = set()
        for row in rows:
            names.add(normalize(f"{row.apprentice_last_name} {row.apprentice_first_name}"))
            for master in row.masters:
                names.add(normalize(f"{master.last_name} {master.first_name}"))
        self.by_name: dict[str, list[Person]] = defaultdict(list)
        for person in Person.objects.filter(search_name__in=names).only("id", "search_name", "birth_date", "email"):
            self.by_name[person.search_name].append(person)
        self.new: list[Person] = []
        self.emails: list[tuple[Person, str]] = []

    def find(self, last: str, first: str, birth: dt.date | None, email: str) -> Person:
        key = normalize(f"{last} {first}")
        candidates = self.by_name[key]
        match = None
        if birth is not None:
            match = next((p for p in candidates if p.birth_date == birth), None)
        elif email:
            match = next((p for p in candidates if p.email == email), None)
        if match is None and birth is None and not email:
            same = [p for p in candidates if p.birth_date is None]
            match = same[0] if len(same) == 1 else None
        if match is None:
            match = Person(last_name=last, first_name=first, search_name=key, birth_date=birth, email=email)
            candidates.append(match)
            self.new.append(match)
        elif email and not match.email:
            match.email = email
            if match.pk:
                self.emails.append((match, email))
        return match

    def create_new(self) -> None:
        Person.objects.bulk_create(self.new, batch_size=500)
        for person, email in self.emails:
            Person.objects.filter(pk=person.pk).filter(Q(email="")).update(email=email)
