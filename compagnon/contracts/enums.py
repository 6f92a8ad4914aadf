from django.db import models


class ContractKind(models.TextChoices):
    # The French legal words are the values (glossary).
    APPRENTISSAGE = "apprentissage", "Contrat d'apprentissage"
    PROFESSIONNALISATION = "professionnalisation", "Contrat de professionnalisation"
    # L6324-1: reconversion or promotion by work-study for employees, by an amendment to their contract; replaced
    # from 2026 by the période de reconversion (L6324-1 as amended). Tutored like a professionalisation contract.
    PRO_A = "pro_a", "Pro-A (reconversion ou promotion par alternance)"
    PERIODE_RECONVERSION = "periode_reconversion", "Période de reconversion"


class ContractStatus(models.TextChoices):
    """Derived from the dates, never stored: see ContractQuerySet.with_status()."""

    UPCOMING = "upcoming", "À venir"
    ACTIVE = "active", "En cours"
    COMPLETED = "completed", "Terminé"
    BROKEN = "broken", "Rompu"


class RuptureCause(models.TextChoices):
    # L6222-18 and L6222-18-1 (regime of contracts from 2019-01-01).
    TRIAL_PERIOD = "trial_period", "Rupture pendant les 45 premiers jours"
    MUTUAL_AGREEMENT = "mutual_agreement", "Accord commun"
    RESIGNATION = "resignation", "Démission de l'apprenti (après médiation)"
    DISMISSAL = "dismissal", "Licenciement"
    CFA_EXCLUSION = "cfa_exclusion", "Exclusion définitive du CFA"
    JUDICIAL = "judicial", "Résiliation judiciaire (contrats avant 2019)"
    DIPLOMA_OBTAINED = "diploma_obtained", "Obtention du diplôme avant le terme"
    EMPLOYER_CLOSURE = "employer_closure", "Cessation d'activité de l'employeur"
    OTHER = "other", "Autre"


class RuptureInitiative(models.TextChoices):
    EMPLOYER = "employer", "Employeur"
    APPRENTICE = "apprentice", "Apprenti"
    BOTH = "both", "Les deux parties"
    CFA = "cfa", "CFA"
    OTHER = "other", "Autre"


class ContractSource(models.TextChoices):
    FILE = "file", "Import de fichier"
    FORM = "form", "Saisie"
    API = "api", "API"
    DEMO = "demo", "Démonstration"


class SupervisorStatus(models.TextChoices):
    # Who the master may be (L6223-8-1): an employee, the employer, or (since 2019-08-23) the conjoint collaborateur.
    EMPLOYEE = "employee", "Salarié de l'entreprise"
    EMPLOYER = "employer", "Employeur"
    CONJOINT_COLLABORATEUR = "conjoint_collaborateur", "Conjoint collaborateur"


class SupervisionRole(models.TextChoices):
    MASTER = "master", "Maître d'apprentissage"
    TUTOR = "tutor", "Tuteur"


class ContractPersonRole(models.TextChoices):
    APPRENTICE = "apprentice", "Alternant"
    SUPERVISOR = "supervisor", "Maître d'apprentissage ou tuteur"


class SupervisionNovelty(models.TextChoices):
    """Classified after each import (intake/classification.py); the scheme's audience is new and returning masters."""

    NEW = "new", "Nouveau maître"
    RETURNING = "returning", "De retour après une longue interruption"
    CONTINUING = "continuing", "Déjà maître"
