"""The fictitious region's vocabulary: sectors, certifications, training centres, names.

Everything here is data, written by hand to look like the Nord-Pas-de-Calais without naming real firms or people.
Rupture figures are the published 9-month rates of contracts started in 2022 (rules-fr §6, Dares Analyses n°43,
July 2024); the generator turns them into relative risks and calibrates the mean (see generator.py).
"""

from __future__ import annotations

from dataclasses import dataclass

# rules-fr §6.1: share of apprenticeship contracts broken within 9 months, by start year (2021 interpolated between
# 2020 = 16 % and 2022 = 21 %; later years held at the 2022 level, the last published one).
NINE_MONTH_RUPTURE_RATE_BY_START_YEAR = {2019: 0.17, 2020: 0.16, 2021: 0.19, 2022: 0.21}
NINE_MONTH_RUPTURE_RATE_LATEST = 0.21

# rules-fr §6.2: 9-month rate by level of the diploma prepared (2022): CAP 29.3 %, bac 22.5 %, higher education
# 18 % on average (spread here from bac+2 to bac+5 so that the mix averages about 18 %).
RUPTURE_RATE_BY_LEVEL = {3: 0.293, 4: 0.225, 5: 0.20, 6: 0.165, 7: 0.14, 8: 0.12}
# rules-fr §6.3: by age at the start (2022).
RUPTURE_RATE_BY_AGE = ((17, 0.254), (19, 0.245), (25, 0.18), (200, 0.20))
# rules-fr §6.8: < 5 employees 28 %; large companies lower (19 % vs 43 % at 1.5 years, §6.10). Relative risks by
# size class (0: 1–4, 1: 5–9, 2: 10–49, 3: 50–249, 4: 250+).
SIZE_RISK = (1.33, 1.05, 0.95, 0.85, 0.80)
SIZE_BOUNDS = ((1, 4), (5, 9), (10, 49), (50, 249), (250, 2500))
# rules-fr §6.5: women 23 %, men 19.5 %.
SEX_RISK = {"F": 1.10, "M": 0.95}
# rules-fr §6.6: jobseeker 34 %, trainee 27 %, inactive 31.4 % (against about 21 %); damped because these
# situations go with lower levels, which already carry their own risk. QPV residents 28.1 % vs 20.5 %.
PRIOR_SITUATION_RISK = {"jobseeker": 1.35, "trainee": 1.2, "inactive": 1.3, "apprentice": 1.05}
QPV_RISK = 1.15

# rules-fr §6.11: about 2/3 of ruptures happen within the first 9 months; about half are by mutual agreement;
# §6.12: "most" (one secondary source) inside the 45-day period, no national figure. We put a quarter of all
# ruptures inside it; with recent contracts not yet at their later ruptures, about a third of those observed.
SHARE_OF_RUPTURES_AFTER_NINE_MONTHS = 1 / 3
SHARE_OF_RUPTURES_IN_FREE_PERIOD = 0.25
# 45 days of practical training in the company (L6222-18), CFA days excluded: with a usual rhythm of about two
# thirds of the time in the company, that is roughly 70 calendar days.
FREE_PERIOD_CALENDAR_DAYS = 70
# A contrat de professionnalisation is a CDD or CDI of ordinary law: its trial period is about one month.
PRO_TRIAL_CALENDAR_DAYS = 30


@dataclass(frozen=True)
class Sector:
    key: str
    label: str
    weight: float  # share of the region's contracts
    activities: tuple[tuple[str, str], ...]  # (NAF, IDCC) pairs consistent with each other
    opco: str | None  # OPCO code (organisations/data/opcos.csv); None for public employers (CNFPT funds them)
    chamber: str  # network of the chamber the company comes under: cci, cma, agriculture
    rupture_rate: float  # rules-fr §6.7 where published, else the overall 21 %
    size_weights: tuple[float, float, float, float, float]
    female_share: float
    pro_share: float  # share of contrats de professionnalisation in the sector
    names: tuple[str, ...]
    jobs: tuple[str, ...]


SECTORS: tuple[Sector, ...] = (
    Sector(
        "hotels",
        "Hôtellerie-restauration",
        0.10,
        (("56.10A", "1979"), ("56.10A", "1979"), ("56.10C", "1501"), ("55.10Z", "1979"), ("56.30Z", "1979")),
        "akto",
        "cci",
        0.36,
        (0.40, 0.30, 0.22, 0.06, 0.02),
        0.40,
        0.05,
        (
            "Restaurant {noun}",
            "Brasserie {noun}",
            "Hôtel {noun}",
            "Estaminet {noun}",
            "Auberge {place}",
            "Le Bistrot de {first}",
            "Hôtel-restaurant {noun}",
            "La Table de {first}",
        ),
        ("Chef de cuisine", "Second de cuisine", "Maître d'hôtel", "Responsable de salle", "Gérant", "Réceptionniste"),
    ),
    Sector(
        "beauty",
        "Coiffure et esthétique",
        0.07,
        (("96.02A", "2596"), ("96.02A", "2596"), ("96.02B", "3032")),
        "opco-ep",
        "cma",
        0.30,
        (0.55, 0.28, 0.15, 0.02, 0.0),
        0.88,
        0.03,
        ("{first} Coiffure", "Salon {last}", "L'Atelier de {first}", "Institut {noun}", "Instant Beauté {town}"),
        ("Coiffeur gérant", "Coiffeuse", "Esthéticienne", "Responsable de salon", "Manager de salon"),
    ),
    Sector(
        "food",
        "Métiers de bouche",
        0.08,
        (("10.71C", "0843"), ("10.71C", "0843"), ("10.71D", "1267"), ("47.22Z", "0992"), ("10.13B", "0953")),
        "opco-ep",
        "cma",
        0.28,
        (0.50, 0.30, 0.17, 0.03, 0.0),
        0.35,
        0.02,
        (
            "Boulangerie {last}",
            "Au Fournil de {first}",
            "Pâtisserie {last}",
            "Boucherie {last}",
            "Maison {last}",
            "Aux Délices {noun}",
        ),
        ("Boulanger", "Pâtissier", "Boucher", "Chef pâtissier", "Artisan boulanger", "Charcutier-traiteur"),
    ),
    Sector(
        "retail",
        "Commerce",
        0.16,
        (("47.11B", "2216"), ("47.11D", "2216"), ("47.71Z", "1517"), ("47.19B", "1517"), ("46.90Z", "0573")),
        "opcommerce",
        "cci",
        0.25,
        (0.25, 0.20, 0.30, 0.15, 0.10),
        0.55,
        0.12,
        (
            "{last} Distribution",
            "Maison {last}",
            "Comptoir {noun}",
            "Primeurs {noun}",
            "Le Panier {noun}",
            "{initials} Négoce",
            "Boutique {first}",
        ),
        ("Responsable de magasin", "Vendeur conseil", "Chef de rayon", "Manager commercial", "Responsable de secteur"),
    ),
    Sector(
        "auto",
        "Services de l'automobile",
        0.06,
        (("45.20A", "1090"), ("45.20A", "1090"), ("45.20B", "1090"), ("45.11Z", "1090")),
        "opco-mobilites",
        "cma",
        0.25,
        (0.45, 0.30, 0.20, 0.05, 0.0),
        0.08,
        0.06,
        ("Garage {last}", "{town} Auto Services", "Carrosserie {last}", "Garage {noun}", "{initials} Automobiles"),
        ("Chef d'atelier", "Mécanicien automobile", "Carrossier", "Technicien automobile", "Garagiste"),
    ),
    Sector(
        "construction",
        "Bâtiment et travaux publics",
        0.14,
        (("43.21A", "1596"), ("43.22A", "1596"), ("43.99C", "1596"), ("43.32A", "1597"), ("41.20A", "1597")),
        "constructys",
        "cma",
        0.20,
        (0.45, 0.25, 0.22, 0.06, 0.02),
        0.06,
        0.05,
        (
            "{last} Bâtiment",
            "SARL {last} et Fils",
            "Maçonnerie {last}",
            "{last} Électricité",
            "Menuiserie {noun}",
            "{initials} Rénovation",
            "Plomberie {last}",
            "Toitures {place}",
        ),
        ("Chef d'équipe", "Chef de chantier", "Maçon", "Électricien", "Plombier-chauffagiste", "Menuisier", "Artisan"),
    ),
    Sector(
        "industry",
        "Industrie",
        0.12,
        (("25.62B", "3248"), ("28.29B", "3248"), ("29.32Z", "3248"), ("22.29A", "0292"), ("10.89Z", "3109")),
        "opco2i",
        "cci",
        0.17,
        (0.08, 0.12, 0.35, 0.30, 0.15),
        0.18,
        0.12,
        (
            "{last} Industries",
            "Métallerie {noun}",
            "{initials} Mécanique",
            "Ateliers {noun}",
            "Composites {noun}",
            "Fonderie {noun}",
            "{last} Technologies",
        ),
        (
            "Technicien de maintenance",
            "Chef d'équipe production",
            "Ingénieur méthodes",
            "Régleur",
            "Responsable qualité",
        ),
    ),
    Sector(
        "agriculture",
        "Agriculture et paysage",
        0.05,
        (("01.11Z", "7024"), ("01.41Z", "7024"), ("01.13Z", "7024"), ("81.30Z", "7018")),
        "ocapiat",
        "agriculture",
        0.21,
        (0.60, 0.25, 0.12, 0.03, 0.0),
        0.22,
        0.03,
        ("EARL {last}", "GAEC {noun}", "SCEA {last}", "{last} Paysages", "Ferme {noun}", "Les Jardins de {first}"),
        ("Exploitant agricole", "Chef de culture", "Paysagiste", "Responsable d'élevage", "Chef d'équipe paysage"),
    ),
    Sector(
        "services",
        "Services aux entreprises, banque, numérique",
        0.14,
        (("69.20Z", "0787"), ("62.02A", "1486"), ("64.19Z", "2120"), ("70.22Z", "1486"), ("73.11Z", "0086")),
        "atlas",
        "cci",
        0.19,
        (0.20, 0.15, 0.30, 0.20, 0.15),
        0.55,
        0.18,
        (
            "Cabinet {last}",
            "{initials} Conseil",
            "{initials} Numérique",
            "{last} & Associés",
            "Informatique {noun}",
            "Agence {noun}",
        ),
        (
            "Expert-comptable",
            "Chef de projet",
            "Développeur senior",
            "Responsable administratif",
            "Conseiller clientèle",
        ),
    ),
    Sector(
        "health",
        "Santé et action sociale",
        0.05,
        (("87.10A", "0029"), ("86.10Z", "2264"), ("88.91A", "3218"), ("88.10A", "0413")),
        "opco-sante",
        "cci",
        0.21,
        (0.05, 0.10, 0.35, 0.35, 0.15),
        0.82,
        0.10,
        ("Résidence {noun}", "Clinique {noun}", "Crèche {noun}", "Association {noun}", "EHPAD {noun}"),
        ("Infirmier coordinateur", "Aide-soignant", "Éducateur de jeunes enfants", "Cadre de santé"),
    ),
    Sector(
        "transport",
        "Transport et logistique",
        0.03,
        (("49.41A", "0016"), ("52.29A", "0016"), ("52.10B", "0016")),
        "opco-mobilites",
        "cci",
        0.21,
        (0.15, 0.15, 0.40, 0.20, 0.10),
        0.20,
        0.15,
        ("Transports {last}", "{town} Logistique", "{initials} Fret", "Entrepôts {noun}"),
        ("Responsable d'exploitation", "Chef de quai", "Conducteur routier", "Responsable logistique"),
    ),
    Sector(
        "public",
        "Employeurs publics",
        0.02,
        (("84.11Z", ""), ("84.11Z", ""), ("86.10Z", "")),
        None,
        "cci",
        0.18,
        (0.0, 0.05, 0.35, 0.40, 0.20),
        0.60,
        0.0,
        ("Mairie {place}", "Centre hospitalier {place}", "Communauté de communes {noun}"),
        ("Agent de maîtrise", "Responsable des espaces verts", "Secrétaire de mairie", "Éducatrice de jeunes enfants"),
    ),
)
SECTOR_BY_KEY = {s.key: s for s in SECTORS}


@dataclass(frozen=True)
class CertificationSpec:
    title: str
    level: int
    nsf: str
    months: int  # usual length of the training cycle (L6222-7-1: 6 months to 3 years)
    sectors: tuple[str, ...]
    weight: float
    pro: bool = False  # commonly prepared under a contrat de professionnalisation


# Realistic titles; RNCP codes are fictitious (RNCP99001 onwards, assigned in this order: keep it append-only).
CERTIFICATIONS: tuple[CertificationSpec, ...] = (
    CertificationSpec("CAP Cuisine", 3, "221", 24, ("hotels",), 10),
    CertificationSpec("CAP Commercialisation et services en hôtel-café-restaurant", 3, "334", 24, ("hotels",), 5),
    CertificationSpec("Bac pro Cuisine", 4, "221", 36, ("hotels",), 2),
    CertificationSpec("BP Arts de la cuisine", 4, "221", 24, ("hotels",), 3),
    CertificationSpec("BTS Management en hôtellerie-restauration", 5, "334", 24, ("hotels",), 3),
    CertificationSpec("Titre pro Cuisinier", 3, "221", 12, ("hotels",), 1, pro=True),
    CertificationSpec("Titre pro Réceptionniste en hôtellerie", 4, "334", 12, ("hotels",), 1, pro=True),
    CertificationSpec("CAP Métiers de la coiffure", 3, "336", 24, ("beauty",), 10),
    CertificationSpec("BP Coiffure", 4, "336", 24, ("beauty",), 6),
    CertificationSpec("CAP Esthétique, cosmétique, parfumerie", 3, "336", 24, ("beauty",), 4),
    CertificationSpec("BP Esthétique, cosmétique, parfumerie", 4, "336", 24, ("beauty",), 2),
    CertificationSpec("BTS Métiers de l'esthétique-cosmétique-parfumerie", 5, "336", 24, ("beauty",), 1, pro=True),
    CertificationSpec("CAP Boulanger", 3, "221", 24, ("food",), 8),
    CertificationSpec("CAP Pâtissier", 3, "221", 24, ("food",), 7),
    CertificationSpec("CAP Boucher", 3, "221", 24, ("food",), 4),
    CertificationSpec("CAP Charcutier-traiteur", 3, "221", 24, ("food",), 1),
    CertificationSpec("Mention complémentaire Pâtisserie boulangère", 3, "221", 12, ("food",), 2),
    CertificationSpec("BP Boulanger", 4, "221", 24, ("food",), 3),
    CertificationSpec("Bac pro Boulanger-pâtissier", 4, "221", 36, ("food",), 1),
    CertificationSpec("CAP Équipier polyvalent du commerce", 3, "312", 24, ("retail",), 5),
    CertificationSpec("Bac pro Métiers du commerce et de la vente", 4, "312", 36, ("retail",), 4),
    CertificationSpec("Titre pro Vendeur conseil en magasin", 4, "312", 12, ("retail",), 3, pro=True),
    CertificationSpec("BTS Management commercial opérationnel", 5, "312", 24, ("retail", "services"), 9, pro=True),
    CertificationSpec("BTS Négociation et digitalisation de la relation client", 5, "312", 24, ("retail",), 5),
    CertificationSpec("Licence pro Commerce et distribution", 6, "312", 12, ("retail",), 4, pro=True),
    CertificationSpec("Bachelor Responsable de la distribution", 6, "312", 12, ("retail",), 2, pro=True),
    CertificationSpec("CAP Maintenance des véhicules, option voitures particulières", 3, "252", 24, ("auto",), 7),
    CertificationSpec("CAP Réparation des carrosseries", 3, "252", 24, ("auto",), 3),
    CertificationSpec("Bac pro Maintenance des véhicules", 4, "252", 36, ("auto",), 3),
    CertificationSpec("BTS Maintenance des véhicules", 5, "252", 24, ("auto",), 2),
    CertificationSpec("CQP Technicien expert après-vente automobile", 4, "252", 12, ("auto",), 1, pro=True),
    CertificationSpec("CAP Maçon", 3, "232", 24, ("construction",), 6),
    CertificationSpec("CAP Électricien", 3, "255", 24, ("construction",), 7),
    CertificationSpec("CAP Monteur en installations sanitaires", 3, "227", 24, ("construction",), 4),
    CertificationSpec("CAP Menuisier fabricant", 3, "234", 24, ("construction",), 3),
    CertificationSpec("CAP Peintre applicateur de revêtements", 3, "233", 24, ("construction",), 3),
    CertificationSpec("BP Électricien", 4, "255", 24, ("construction",), 3),
    CertificationSpec(
        "BP Monteur en installations du génie climatique et sanitaire", 4, "227", 24, ("construction",), 2
    ),
    CertificationSpec("BTS Bâtiment", 5, "232", 24, ("construction",), 2),
    CertificationSpec("Titre pro Technicien d'études du bâtiment", 5, "230", 12, ("construction",), 1, pro=True),
    CertificationSpec("Diplôme d'ingénieur, spécialité génie civil", 7, "231", 36, ("construction",), 1),
    CertificationSpec(
        "Bac pro Métiers de l'électricité et de ses environnements connectés", 4, "255", 36, ("industry",), 3
    ),
    CertificationSpec("Bac pro Technicien en réalisation de produits mécaniques", 4, "251", 36, ("industry",), 2),
    CertificationSpec("BTS Conception et réalisation de systèmes automatiques", 5, "201", 24, ("industry",), 4),
    CertificationSpec("BTS Maintenance des systèmes", 5, "250", 24, ("industry",), 5),
    CertificationSpec("BUT Génie industriel et maintenance", 6, "250", 36, ("industry",), 3),
    CertificationSpec("Licence pro Maintenance et technologie", 6, "250", 12, ("industry",), 2),
    CertificationSpec("Diplôme d'ingénieur, spécialité mécanique et production", 7, "251", 36, ("industry",), 3),
    CertificationSpec("CQP Conducteur d'équipements industriels", 3, "201", 12, ("industry",), 2, pro=True),
    CertificationSpec("Titre pro Technicien de maintenance industrielle", 4, "250", 12, ("industry",), 2, pro=True),
    CertificationSpec("CAPa Jardinier paysagiste", 3, "214", 24, ("agriculture", "public"), 4),
    CertificationSpec("CAPa Métiers de l'agriculture", 3, "210", 24, ("agriculture",), 3),
    CertificationSpec("Bac pro Conduite et gestion de l'entreprise agricole", 4, "210", 36, ("agriculture",), 3),
    CertificationSpec("BP Responsable d'entreprise agricole", 4, "210", 24, ("agriculture",), 2, pro=True),
    CertificationSpec(
        "BTSA Analyse, conduite et stratégie de l'entreprise agricole", 5, "210", 24, ("agriculture",), 2
    ),
    CertificationSpec("BTSA Aménagements paysagers", 5, "214", 24, ("agriculture",), 1),
    CertificationSpec("BTS Comptabilité et gestion", 5, "314", 24, ("services",), 5),
    CertificationSpec("BTS Services informatiques aux organisations", 5, "326", 24, ("services",), 5),
    CertificationSpec("BTS Banque, conseiller de clientèle", 5, "313", 24, ("services",), 3, pro=True),
    CertificationSpec("Titre pro Développeur web et web mobile", 5, "326", 12, ("services",), 3, pro=True),
    CertificationSpec("BUT Gestion des entreprises et des administrations", 6, "310", 36, ("services",), 4),
    CertificationSpec("Diplôme de comptabilité et de gestion", 6, "314", 36, ("services",), 2),
    CertificationSpec("Licence pro Métiers de la communication", 6, "320", 12, ("services",), 2),
    CertificationSpec("Bachelor Chargé de gestion commerciale", 6, "312", 12, ("services", "retail"), 3, pro=True),
    CertificationSpec("Master Management et administration des entreprises", 7, "310", 24, ("services",), 5, pro=True),
    CertificationSpec("Master Informatique", 7, "326", 24, ("services",), 4),
    CertificationSpec("Diplôme de l'école supérieure de commerce (grade de master)", 7, "312", 24, ("services",), 4),
    CertificationSpec("Titre pro Assistant ressources humaines", 5, "315", 12, ("services",), 2, pro=True),
    CertificationSpec("CAP Accompagnant éducatif petite enfance", 3, "332", 24, ("health", "public"), 4),
    CertificationSpec("Diplôme d'État d'aide-soignant", 4, "331", 12, ("health",), 4),
    CertificationSpec("Diplôme d'État d'auxiliaire de puériculture", 4, "331", 12, ("health",), 2),
    CertificationSpec("Diplôme d'État d'éducateur de jeunes enfants", 6, "332", 36, ("health",), 2),
    CertificationSpec("Titre pro Assistant de vie aux familles", 3, "330", 12, ("health",), 2, pro=True),
    CertificationSpec(
        "Titre pro Conducteur du transport routier de marchandises", 3, "311", 12, ("transport",), 3, pro=True
    ),
    CertificationSpec("Bac pro Logistique", 4, "311", 36, ("transport",), 2),
    CertificationSpec("BTS Gestion des transports et logistique associée", 5, "311", 24, ("transport",), 3),
    CertificationSpec("Titre pro Préparateur de commandes en entrepôt", 3, "311", 12, ("transport",), 2, pro=True),
    CertificationSpec("BTS Support à l'action managériale", 5, "324", 24, ("public", "services"), 3),
    CertificationSpec("Licence pro Métiers de l'administration territoriale", 6, "345", 12, ("public",), 2),
)
RNCP_FIRST = 99001


@dataclass(frozen=True)
class CentreTemplate:
    name: str  # {place} becomes "de Lens", "d'Arras"
    count: int
    sectors: tuple[str, ...]
    levels: tuple[int, int]


# About 45 CFAs and UFAs; the names say what they teach, none is a real establishment.
CENTRE_TEMPLATES: tuple[CentreTemplate, ...] = (
    CentreTemplate("Faculté des métiers {place}", 5, ("beauty", "food", "auto", "construction", "hotels"), (3, 5)),
    CentreTemplate("CFA du bâtiment et des travaux publics {place}", 4, ("construction",), (3, 5)),
    CentreTemplate("CFA de l'hôtellerie et de la restauration {place}", 3, ("hotels",), (3, 5)),
    CentreTemplate("CFA agricole et horticole {place}", 3, ("agriculture", "public"), (3, 5)),
    CentreTemplate("Pôle formation de l'industrie {place}", 4, ("industry",), (3, 7)),
    CentreTemplate("CFA commerce et services {place}", 5, ("retail", "services", "transport"), (3, 6)),
    CentreTemplate("IUT {place} (UFA)", 3, ("industry", "services", "retail"), (5, 6)),
    CentreTemplate("CFA universitaire {place}", 2, ("services", "industry", "retail", "public"), (6, 7)),
    CentreTemplate("École supérieure de commerce {place} (CFA)", 2, ("services", "retail"), (6, 7)),
    CentreTemplate("École d'ingénieurs {place} (CFA)", 1, ("industry", "construction", "services"), (7, 7)),
    CentreTemplate(
        "Lycée des métiers {place} (UFA)", 6, ("retail", "hotels", "auto", "construction", "industry"), (3, 5)
    ),
    CentreTemplate("CFA sanitaire et social {place}", 2, ("health", "public"), (3, 6)),
    CentreTemplate("CFA transport et logistique {place}", 2, ("transport",), (3, 5)),
    CentreTemplate("CFA des métiers de l'automobile {place}", 2, ("auto",), (3, 5)),
    CentreTemplate("Institut de formation coiffure et esthétique {place}", 2, ("beauty",), (3, 5)),
)


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MALE_FIRST_NAMES_OLD = _names(
    "Christophe Stéphane Frédéric Sébastien Laurent Julien Nicolas Jérôme David Olivier Thierry Mickaël Cédric "
    "Grégory Guillaume Anthony Mathieu Kevin Fabrice Pascal Bruno Philippe Éric Franck Arnaud Vincent Jean-Marc "
    "Mohamed Rachid Karim Patrick Didier Dominique Xavier Benoît Alexandre Damien Ludovic Yannick Loïc"
)
FEMALE_FIRST_NAMES_OLD = _names(
    "Sandrine Nathalie Isabelle Céline Virginie Aurélie Émilie Karine Sophie Valérie Caroline Delphine Audrey "
    "Stéphanie Amandine Élodie Jessica Laetitia Patricia Sylvie Corinne Véronique Christelle Séverine Anne-Sophie "
    "Karima Samira Nadia Julie Marie Hélène Claire Mélanie Vanessa Magali Florence Martine Ingrid Fatima Laure"
)
MALE_FIRST_NAMES_YOUNG = _names(
    "Lucas Hugo Enzo Théo Nathan Louis Mathis Tom Noah Ethan Jules Maxime Clément Baptiste Alexandre Thomas "
    "Quentin Dylan Kylian Axel Rayan Yanis Adam Mohamed Ilyes Evan Gabriel Arthur Léo Raphaël Valentin Romain "
    "Antoine Corentin Florian Killian Bryan Nolan Mattéo Sacha Bilal Samuel Adrien Victor Paul Tristan"
)
FEMALE_FIRST_NAMES_YOUNG = _names(
    "Emma Léa Chloé Manon Camille Inès Jade Sarah Lola Clara Zoé Océane Lisa Louise Anaïs Justine Marie Pauline "
    "Lucie Mathilde Maëlys Lina Yasmine Romane Nina Eva Julie Juliette Margaux Charlotte Alicia Élise Ambre "
    "Louna Maëva Morgane Noémie Salomé Amandine Laura Kenza Assia Jeanne Capucine Mélissa Héloïse"
)
# Common surnames of the Nord and the Pas-de-Calais (Flemish, Picard, and the mining basin's Polish and
# Mediterranean families), plus names common everywhere in France.
LAST_NAMES = _names(
    "Lefebvre Dupont Martin Leroy Lemaire Dubois Petit Durand Vandenbussche Dewaele Delattre Deprez Lecomte "
    "Caron Hennebelle Vasseur Duhamel Bernard Dufour Lemoine Carpentier Leclercq Delannoy Desmet Verbeke Mahieu "
    "Ducrocq Wallet Poulain Ramette Lefèvre Debruyne Vandamme Decock Dhondt Vermeersch Declercq Dumortier "
    "Lenglet Lesage Flament Boulanger Fournier Lambert Roussel Dumont Hochart Lagache Legrand Morel Mercier "
    "Bouchez Cordier Delmotte Dhainaut Fontaine Gosselin Hanot Lebrun Masson Noël Pruvost Sueur Tison Vanhove "
    "Nowak Kowalski Szymański Wozniak Zieliński Lewandowski Kaczmarek Dąbrowski Mazur Jankowski Kubiak "
    "Benali Haddad Amrani Bensaïd Bouzid Cherif Mansouri Belkacem Diallo Traoré Nguyen Mendes Ferreira Pereira "
    "Rossi Lopez Garcia Martinez Sanchez Fernandes Rodrigues Moreau Laurent Simon Michel Girard André Richard "
    "Robert Thomas Petitprez Delcourt Degrave Dequidt Maes Janssens Bultel Catteau Courtin Lefranc Playe"
)
NOUNS = (
    "du Beffroi",
    "de la Deûle",
    "des Flandres",
    "du Littoral",
    "de l'Escaut",
    "de la Lys",
    "des Terrils",
    "de l'Artois",
    "du Hainaut",
    "de la Scarpe",
    "de l'Aa",
    "des Dunes",
    "de la Canche",
    "du Mont Cassel",
    "des Monts de Flandre",
    "de l'Opale",
    "du Cambrésis",
    "de l'Avesnois",
    "du Ternois",
    "des Sept Vallées",
    "du Val de Sambre",
    "de la Marque",
    "du Pévèle",
    "du Mélantois",
    "de la Hem",
    "du Boulonnais",
    "du Calaisis",
    "de la Plaine",
    "des Hauts",
    "du Moulin",
    "des Tilleuls",
    "de la Gare",
    "du Marché",
    "de la Place",
    "des Houblons",
    "du Canal",
    "de la Citadelle",
    "des Remparts",
    "du Lac",
    "du Bocage",
)

# The 14 zones d'emploi 2020 of départements 59 and 62 (rules-fr §7.1).
ALL_AREAS = (
    "3203", "3204", "3205", "3206", "3207", "3208", "3212", "3213", "3215", "3216", "3217", "3218", "3219", "3222",
)  # fmt: skip
# The chambers of the Nord and the Pas-de-Calais (rules-fr §7.2) and the zones d'emploi each covers. Every zone has
# one CCI locale, the regional CMA and the interdepartmental chamber of agriculture. Which CCI covers Douai and
# Saint-Omer was not verified (rules-fr §10): we give Douai to Grand Lille and Saint-Omer to the Littoral.
CCI_GRAND_LILLE = "CCI Grand Lille"
CHAMBERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (CCI_GRAND_LILLE, "cci", ("3216", "3218", "3212")),
    ("CCI Grand Hainaut", "cci", ("3222", "3208", "3217")),
    ("CCI Artois", "cci", ("3203", "3205", "3215")),
    ("CCI Littoral Hauts-de-France", "cci", ("3213", "3207", "3206", "3204", "3219")),
    ("CMA Hauts-de-France", "cma", ALL_AREAS),
    ("Chambre d'agriculture du Nord-Pas-de-Calais", "agriculture", ALL_AREAS),
)
REGION_CODE = "32"
DEPARTMENTS = ("59", "62")
