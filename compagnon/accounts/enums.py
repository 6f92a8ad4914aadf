from django.db import models


class Role(models.TextChoices):
    REGIONAL_ANIMATOR = "regional_animator", "Animateur régional"
    TERRITORIAL_ANIMATOR = "territorial_animator", "Animateur territorial"
    CFA_STAFF = "cfa_staff", "Équipe de CFA"
    SUPERVISOR = "supervisor", "Maître d'apprentissage ou tuteur"
    APPRENTICE = "apprentice", "Alternant"
    EMPLOYER = "employer", "Employeur"
    MEDIATOR = "mediator", "Médiateur"
    INSPECTOR = "inspector", "Inspection de l'apprentissage"
    DATA_PROVIDER = "data_provider", "Fournisseur de données"


# Which organisation a membership of each role belongs to (a field of Membership).
ROLE_ORGANISATION: dict[str, str] = {
    Role.REGIONAL_ANIMATOR: "region",
    Role.TERRITORIAL_ANIMATOR: "chamber",
    Role.CFA_STAFF: "training_centre",
    Role.SUPERVISOR: "company",
    Role.APPRENTICE: "company",
    Role.EMPLOYER: "company",
    Role.MEDIATOR: "chamber",
    Role.INSPECTOR: "region",
    Role.DATA_PROVIDER: "opco",
}
ORGANISATION_FIELDS = ("region", "chamber", "training_centre", "company", "opco")

# Roles whose scope is a set of employment areas (their own, else their chamber's or region's).
AREA_ROLES = frozenset({Role.REGIONAL_ANIMATOR, Role.TERRITORIAL_ANIMATOR, Role.MEDIATOR, Role.INSPECTOR})
