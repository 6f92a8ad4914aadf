"""Contract files in the canonical format, for the import benchmark, the tests and the docs (issue 4).

Usage:
    .venv/bin/python bench/contract_file.py --rows 1000000 --out /tmp/c1m.csv --manifest /tmp/c1m.json
    .venv/bin/python bench/contract_file.py --rows 50000 --format xlsx --out /tmp/c50k.xlsx --manifest /tmp/c50k.json
    options: --seed 1  --bad-share 0.01  --prefix FA13-2026-  --separator ';'|','
             --encoding utf-8|utf-8-sig|cp1252  --format csv|xlsx  --out PATH|-  --manifest PATH

The sample in the docs (20 rows, no bad row, what Excel writes):
    .venv/bin/python bench/contract_file.py --rows 20 --seed 4 --bad-share 0 --encoding utf-8-sig \
        --out docs/samples/contrats-exemple.csv

Standalone: no Django; it reads the repository's reference files (communes of the Hauts-de-France, NSF groups) and
writes rows as it makes them, keeping only the companies and masters in memory (compact arrays). Deterministic for
a seed. One contract per row, header on line 1, dates JJ/MM/AAAA, starts spread over 2016–2026 in date order (as an
export sorted by start date), nothing after AS_OF (no rupture in the future).

What the file holds, so that an importer can be checked against it (the manifest says what came out):
- companies reused across rows (about N/4), each keeping its SIRET, commune, NAF and IDCC; a few later rows change
  its headcount or its name (the last row wins); about half the rows give the commune's INSEE code, the others the
  postal code and the name; about 10 % name a workplace (another commune);
- masters who recur: 1 to 3 per company, on several contracts over the years with the same name, birth date and
  e-mail; a master idle for more than 3 years leaves, except about 10 % who come back after such a gap
  (returning masters); a master 2 on about 8 % of rows; about 2 % of rows spell a known master differently
  (capitals, no accents, no e-mail) to exercise identity matching;
- ruptures on about a quarter of the contracts, a third of them within the first 45 days;
- bad rows (--bad-share), evenly spread, each with exactly one defect, the kinds in turn (BAD_KINDS).

The manifest (JSON) counts over valid rows only (an importer rejects the bad ones): rows, valid_rows, bad_rows
(total and, by kind, the column touched, the count and the physical line numbers, header = line 1), companies,
masters (distinct persons, master 1 or 2), rows_with_master2, ruptures (and within 45 days), returning_masters and
returning_master_rows (start more than 3 calendar years after the end, or rupture, of the person's previous
contracts), master_variant_rows, companies renamed or with a new headcount and a few of them as the last row
leaves them, contract types, start range.

RNCP numbers and names of companies and CFAs are plausible, not real; communes, postal codes and NSF groups are.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import io
import json
import os
import random
import sys
import time
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parent.parent
COMMUNES_CSV = ROOT / "compagnon" / "territory" / "data" / "communes.csv"
NSF_CSV = ROOT / "compagnon" / "certifications" / "data" / "nsf.csv"
REGION = "32"  # Hauts-de-France

_HEADER = (
    "numero_contrat type_contrat date_conclusion date_debut date_fin date_rupture cause_rupture initiative_rupture "
    "lieu_execution_code_commune employeur_siret employeur_denomination employeur_code_commune employeur_code_postal "
    "employeur_commune employeur_naf employeur_idcc employeur_effectif employeur_type apprenti_nom apprenti_prenom "
    "apprenti_date_naissance apprenti_sexe apprenti_courriel apprenti_situation_avant_contrat "
    "apprenti_dernier_diplome_niveau formation_rncp formation_intitule formation_niveau formation_nsf cfa_uai "
    "cfa_siret cfa_denomination maitre1_nom maitre1_prenom maitre1_date_naissance maitre1_courriel maitre1_emploi "
    "maitre1_diplome maitre1_niveau_diplome maitre1_nsf_diplome maitre1_experience_mois maitre2_nom maitre2_prenom "
    "maitre2_date_naissance maitre2_courriel maitre2_emploi maitre2_diplome maitre2_niveau_diplome "
    "maitre2_nsf_diplome maitre2_experience_mois"
)
COLUMNS: tuple[str, ...] = tuple(_HEADER.split())
COL = {name: index for index, name in enumerate(COLUMNS)}

# Each bad row carries exactly one of these, in turn: (kind, column touched).
BAD_KINDS: tuple[tuple[str, str], ...] = (
    ("siret_check_digit", "employeur_siret"),
    ("end_before_start", "date_fin"),
    ("impossible_date", "date_debut"),
    ("unknown_commune", "employeur_code_commune"),
    ("birth_date_in_future", "apprenti_date_naissance"),
    ("unknown_nsf", "formation_nsf"),
    ("missing_master1_last_name", "maitre1_nom"),
    ("unknown_contract_type", "type_contrat"),
    ("unreadable_birth_date", "apprenti_date_naissance"),
    ("email_without_at", "maitre1_courriel"),
)

START_FIRST = dt.date(2016, 1, 1)
START_LAST = dt.date(2026, 11, 30)
AS_OF = dt.date(2026, 12, 1)  # the day the file is "exported": no rupture after it
# Masters born 1963–1990 are 25 to 64 on any start of 2016–2026, so one birth date serves all their contracts.
MASTER_BORN_FIRST = dt.date(1963, 1, 1)
MASTER_BORN_LAST = dt.date(1990, 12, 31)
EXPERIENCE_REFERENCE = dt.date(2016, 1, 1)
APPRENTICE_AGE_DAYS = (15 * 366, 30 * 365)  # strictly within 15 and 30 years before the start

P_NEW_COMPANY = 0.25
P_MASTER2 = 0.085
P_RETURNING = 0.45  # flagged at creation; about a third of them get a contract after their gap
P_VARIANT = 0.03  # drawn only for masters already seen: about 2 % of rows
P_RUPTURE = 0.27  # some drawn ruptures would fall after AS_OF and are dropped: about 25 % remain
P_HEADCOUNT_CHANGE = 0.01
P_RENAME = 0.003
P_WORKPLACE = 0.10
P_NAF_NO_DOT = 0.10

FRESH, ACTIVE, AWAY, BACK = 0, 1, 2, 3  # states of a master (AWAY: a returning master during their gap)
LA_POSTE_SIREN = "356000000"
UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


# --- identifiers (copied from compagnon/demo/generator.py and compagnon/organisations/validators.py) -----------------


_LUHN_PLAIN = {str(d): d for d in range(10)}
_LUHN_DOUBLED = {str(d): 2 * d if d < 5 else 2 * d - 9 for d in range(10)}


def luhn_check_digit(payload: str) -> str:
    """The digit that makes payload + digit pass the Luhn test (SIREN and SIRET keys)."""
    # Once the key is appended, the payload's last digit sits at an odd index from the right: it is doubled.
    reverse = payload[::-1]
    total = sum(map(_LUHN_DOUBLED.__getitem__, reverse[0::2])) + sum(map(_LUHN_PLAIN.__getitem__, reverse[1::2]))
    return str((10 - total % 10) % 10)


def luhn_ok(digits: str) -> bool:
    return luhn_check_digit(digits[:-1]) == digits[-1]


def siret_for(index: int, seed: int) -> str:
    """A unique, Luhn-valid SIRET for the index-th organisation (affine map modulo 7·10⁷: no collision)."""
    base = 30_000_000 + (7_654_321 * index + 104_729 * seed) % 70_000_000
    siren = f"{base}" + luhn_check_digit(f"{base}")
    if siren == LA_POSTE_SIREN:  # La Poste's SIRETs follow another rule; never draw its SIREN
        siren = "356000018"
    nic = "0002" if index % 7 == 0 else "0001"
    return siren + nic + luhn_check_digit(siren + nic)


def siret_is_valid(siret: str) -> bool:
    return len(siret) == 14 and siret.isdigit() and luhn_ok(siret[:9]) and luhn_ok(siret)


def uai_for(department: str, number: int) -> str:
    digits = f"{department:0>3}{number % 10_000:04d}"
    return digits + UAI_LETTERS[int(digits) % 23]


def uai_is_valid(uai: str) -> bool:
    return len(uai) == 8 and uai[:7].isdigit() and uai[7] == UAI_LETTERS[int(uai[:7]) % 23]


# --- vocabulary -------------------------------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    """Names separated by spaces; "_" stands for a space inside a name (De Smet)."""
    return tuple(word.replace("_", " ") for word in text.split())


# First names: the older generations first, then those given since the 1990s; masters draw before
# MASTER_FIRST_NAMES_TO, apprentices from APPRENTICE_FIRST_NAMES_FROM on (a few names serve both).
MALE_FIRST_NAMES = _words(
    "Jean Pierre Michel Philippe Alain Patrick Nicolas Christophe Stéphane Frédéric Sébastien Laurent Julien Jérôme "
    "David Olivier Thierry Mickaël Cédric Grégory Guillaume Anthony Mathieu Fabrice Pascal Bruno Éric Franck Arnaud "
    "Vincent Jean-Marc Jean-Pierre Jean-François Jean-Luc Pierre-Yves Rachid Karim Didier Dominique Xavier Benoît "
    "Damien Ludovic Yannick Loïc Aurélien Jérémy Gaëtan Hervé Joël Gérard Régis François "
    "Kévin Mohamed Jean-Baptiste Marc-Antoine Alexandre Rémi Lucas Hugo Enzo Théo Nathan Louis Mathis Tom Noah Ethan "
    "Jules Maxime Clément Baptiste Thomas Quentin Dylan Kylian Axel Rayan Yanis Adam Ilyès Evan Gabriel Arthur Léo "
    "Raphaël Valentin Romain Antoine Corentin Florian Killian Bryan Nolan Mattéo Sacha Bilal Samuel Adrien Victor "
    "Paul Tristan Noé Timothée"
)
FEMALE_FIRST_NAMES = _words(
    "Marie Nathalie Isabelle Sandrine Céline Virginie Aurélie Émilie Karine Sophie Valérie Caroline Delphine Audrey "
    "Stéphanie Amandine Élodie Jessica Laetitia Patricia Sylvie Corinne Véronique Christelle Séverine Anne-Sophie "
    "Marie-Claire Marie-Laure Anne-Laure Karima Samira Nadia Hélène Claire Vanessa Magali Florence Martine Ingrid "
    "Fatima Laure Gaëlle Agnès Béatrice Brigitte Françoise Geneviève Josiane Bérénice Cécile Estelle Coralie Perrine "
    "Julie Mélanie Emma Léa Chloé Manon Camille Inès Jade Sarah Lola Clara Zoé Océane Lisa Louise Anaïs Justine "
    "Pauline Lucie Mathilde Maëlys Lina Yasmine Romane Nina Eva Juliette Margaux Charlotte Alicia Élise Ambre Louna "
    "Maëva Morgane Noémie Salomé Laura Kenza Assia Jeanne Capucine Mélissa Héloïse Ophélie Clémence Marine Aïcha"
)
APPRENTICE_FIRST_NAMES_FROM = (MALE_FIRST_NAMES.index("Kévin"), FEMALE_FIRST_NAMES.index("Julie"))
MASTER_FIRST_NAMES_TO = (MALE_FIRST_NAMES.index("Lucas"), FEMALE_FIRST_NAMES.index("Emma"))
# Surnames of the Nord, the Pas-de-Calais and Picardy (Flemish, Picard, the mining basin's Polish and Mediterranean
# families) and names common everywhere in France; all writable in cp1252, as French registers write them.
LAST_NAMES = _words(
    "Lefebvre Dupont Martin Leroy Lemaire Dubois Petit Durand Vandenbussche Dewaele Delattre Deprez Lecomte Caron "
    "Hennebelle Vasseur Duhamel Bernard Dufour Lemoine Carpentier Leclercq Delannoy Desmet Verbeke Mahieu Ducrocq "
    "Wallet Poulain Ramette Lefèvre Debruyne Vandamme Decock Dhondt Vermeersch Declercq Dumortier Lenglet Lesage "
    "Flament Boulanger Fournier Lambert Roussel Dumont Hochart Lagache Legrand Morel Mercier Bouchez Cordier Delmotte "
    "Dhainaut Fontaine Gosselin Hanot Lebrun Masson Noël Pruvost Sueur Tison Vanhove Nowak Kowalski Szymanski "
    "Wozniak Zielinski Lewandowski Kaczmarek Dabrowski Mazur Jankowski Kubiak Benali Haddad Amrani Bensaïd Bouzid "
    "Chérif Mansouri Belkacem Diallo Traoré Nguyen Mendes Ferreira Pereira Rossi Lopez Garcia Martinez Sanchez "
    "Fernandes Rodrigues Moreau Laurent Simon Michel Girard André Richard Robert Thomas Petitprez Delcourt Degrave "
    "Dequidt Maes Janssens Bultel Catteau Courtin Lefranc Playe Crépin Bécourt Wiart Cuvelier Descamps Delbecq "
    "Vanneste Huchette Boutry Dupuis Lecocq Lenoir Herbaut Sénéchal Théry Wattel Delplanque Dewailly Moutier Taffin "
    "Obert Pollet Baert Lemaître Godin Quéval Cappelle Bourgois Dufossé Carré Bréhon Leleu Lheureux Hermant Bocquet "
    "Lebègue Trannoy Facon Leblanc Roger Colin Vincent Lemerre Prévost Blondel Delahaye Duquesne D'Hulster De_Backer "
    "Saint-Maxent Fournier-Lebrun Dupont-Delcourt Van_Hecke Le_Goff Beauvois Cœugniet Lesaffre Cattiaux Dassonville "
    "Évrard Bénard Ségard Féron Quénu Lécluse Lefrançois Delépine Gérard Hénon Mérelle Pétillon Sauvé Têtu Dewitte "
    "Vanackere Devos Lefort Hautecœur Carlier Bouquet Wable Lejeune Delobel"
)
NOUNS = (
    "du Beffroi", "de la Deûle", "des Flandres", "du Littoral", "de l'Escaut", "de la Somme", "de l'Artois",
    "du Hainaut", "des Trois Vallées", "de l'Opale", "du Marquenterre", "de la Lys", "du Cambrésis", "du Valois",
    "de Thiérache", "du Ternois", "de l'Avesnois", "du Boulonnais", "de la Scarpe", "du Vimeu", "du Santerre",
    "de la Sambre", "du Soissonnais", "des Hortillonnages",
)  # fmt: skip
RENAME_SUFFIXES = ("", " SARL", " SAS", " SASU")
APPRENTICE_MAIL = ("gmail.com",) * 9 + ("hotmail.fr", "outlook.fr", "orange.fr", "yahoo.fr", "icloud.com", "free.fr")
MASTER_MAIL = ("orange.fr", "wanadoo.fr", "gmail.com", "gmail.com", "free.fr", "sfr.fr", "laposte.net", "outlook.fr")


@dataclass(frozen=True)
class Sector:
    key: str
    weight: int
    nafs: tuple[str, ...]
    idccs: tuple[str, ...]  # "9999": no collective agreement (public employers)
    names: tuple[str, ...]  # {s} a surname, {p} "de Lens" / "d'Arras", {n} a local noun
    jobs: tuple[str, ...]
    female_share: float
    public: bool = False


SECTORS: tuple[Sector, ...] = (
    Sector(
        "hotels", 12, ("56.10A", "56.10A", "55.10Z", "56.30Z"), ("1979",),
        ("Restaurant {s}", "Brasserie {n}", "Hôtel {n}", "Le Bistrot {p}", "Auberge {n}"),
        ("Chef de cuisine", "Second de cuisine", "Maître d'hôtel", "Gérant de restaurant"), 0.4,
    ),
    Sector(
        "fastfood", 4, ("56.10C",), ("1501",), ("Snack {n}", "Friterie {s}", "{s} Burger"),
        ("Manager de restaurant", "Responsable de salle"), 0.5,
    ),
    Sector(
        "food", 10, ("10.71C", "10.71D", "10.13B", "47.22Z"), ("0843", "0992", "1267"),
        ("Boulangerie {s}", "Au Fournil {p}", "Pâtisserie {s}", "Boucherie {s}", "Maison {s}"),
        ("Boulanger", "Pâtissier", "Boucher", "Chef d'entreprise"), 0.3,
    ),
    Sector(
        "construction", 16, ("43.21A", "43.22A", "43.22B", "43.32A", "43.34Z", "41.20A", "43.99C"),
        ("1597", "1597", "1596", "2609"),
        ("{s} Bâtiment", "Entreprise {s}", "{s} et Fils", "Électricité {s}", "{s} Rénovation", "Couverture {n}"),
        ("Chef de chantier", "Chef d'équipe", "Électricien", "Plombier chauffagiste", "Maçon", "Conducteur de travaux"),
        0.05,
    ),
    Sector(
        "retail", 14, ("47.11D", "47.11F", "47.71Z", "47.19B", "47.59B"), ("2216", "1517", "1483"),
        ("Supermarché {n}", "Boutique {s}", "{s} Distribution", "Comptoir {p}", "Au Panier {n}"),
        ("Responsable de magasin", "Manager de rayon", "Vendeur", "Directeur adjoint de magasin"), 0.55,
    ),
    Sector(
        "beauty", 6, ("96.02A", "96.02B"), ("2596",), ("Salon {s}", "Atelier coiffure {s}", "Institut {n}"),
        ("Coiffeuse", "Esthéticienne", "Gérante de salon"), 0.9,
    ),
    Sector(
        "auto", 6, ("45.20A", "45.11Z", "45.32Z"), ("1090",), ("Garage {s}", "{s} Automobiles", "Carrosserie {n}"),
        ("Mécanicien", "Chef d'atelier", "Carrossier"), 0.05,
    ),
    Sector(
        "industry", 10, ("25.62B", "28.29B", "22.22Z", "10.89Z", "24.10Z"), ("3248", "3248", "0044"),
        ("{s} Industrie", "Ateliers {n}", "Mécanique {n}", "{s} Plasturgie"),
        ("Technicien de maintenance", "Responsable de production", "Ingénieur méthodes", "Régleur"), 0.15,
    ),
    Sector(
        "services", 10, ("62.01Z", "62.02A", "70.22Z", "69.20Z", "71.12B", "73.11Z"), ("1486", "1486", "0787"),
        ("{s} Conseil", "Cabinet {s}", "{s} Informatique", "{s} & Associés", "Agence {n}"),
        ("Développeur", "Chef de projet", "Expert-comptable", "Consultant", "Responsable administratif"), 0.5,
    ),
    Sector(
        "transport", 5, ("49.41A", "52.10B", "52.29A"), ("0016",), ("Transports {s}", "{s} Logistique"),
        ("Responsable d'exploitation", "Chef de quai", "Conducteur routier"), 0.15,
    ),
    Sector(
        "health", 5, ("86.10Z", "87.10A", "88.91A", "87.30A"), ("2264", "0413", "2941"),
        ("Clinique {n}", "EHPAD {n}", "Crèche {n}", "Association {n}"),
        ("Infirmière coordinatrice", "Aide-soignante", "Éducatrice de jeunes enfants", "Cadre de santé"), 0.85,
    ),
    Sector(
        "agriculture", 4, ("01.11Z", "01.41Z", "81.30Z"), ("7024", "7024", "7018"),
        ("EARL {s}", "GAEC {n}", "{s} Paysages", "SCEA {s}"),
        ("Chef de culture", "Paysagiste", "Exploitant agricole"), 0.25,
    ),
    Sector(
        "banking", 3, ("64.19Z", "65.12Z"), ("2120", "1672"), ("Banque {n}", "{s} Assurances", "Mutuelle {n}"),
        ("Conseiller de clientèle", "Directeur d'agence", "Chargé d'affaires"), 0.6,
    ),
    Sector(
        "public", 4, ("84.11Z", "84.11Z", "84.12Z"), ("9999",),
        ("Commune {p}", "Communauté de communes {n}", "Centre communal d'action sociale {p}"),
        ("Secrétaire de mairie", "Agent technique territorial", "Responsable des services techniques"), 0.6,
        public=True,
    ),
)  # fmt: skip

# (RNCP, title, level, NSF group, months, sector): fixed level and NSF per certification.
CERTIFICATIONS: tuple[tuple[str, str, int, str, int, str], ...] = (
    ("RNCP37859", "CAP Cuisine", 3, "221", 24, "hotels"),
    ("RNCP37860", "CAP Commercialisation et services en hôtel-café-restaurant", 3, "334", 24, "hotels"),
    ("RNCP35298", "BP Arts de la cuisine", 4, "221", 24, "hotels"),
    ("RNCP35316", "Bac pro Cuisine", 4, "221", 36, "hotels"),
    ("RNCP38371", "BTS Management en hôtellerie-restauration", 5, "334", 24, "hotels"),
    ("RNCP35864", "CAP Production et service en restaurations", 3, "221", 24, "fastfood"),
    ("RNCP36740", "Titre pro Agent de restauration", 3, "221", 12, "fastfood"),
    ("RNCP35216", "CAP Boulanger", 3, "221", 24, "food"),
    ("RNCP35217", "BP Boulanger", 4, "221", 24, "food"),
    ("RNCP37861", "CAP Pâtissier", 3, "221", 24, "food"),
    ("RNCP34958", "CAP Boucher", 3, "221", 24, "food"),
    ("RNCP36127", "Mention complémentaire Pâtisserie boulangère", 3, "221", 12, "food"),
    ("RNCP34864", "CAP Maçon", 3, "232", 24, "construction"),
    ("RNCP36144", "CAP Électricien", 3, "255", 24, "construction"),
    ("RNCP35137", "CAP Monteur en installations thermiques", 3, "227", 24, "construction"),
    ("RNCP34902", "BP Électricien", 4, "255", 24, "construction"),
    ("RNCP35343", "Bac pro Technicien du bâtiment : organisation et réalisation du gros œuvre", 4, "232", 36,
     "construction"),
    ("RNCP35521", "BTS Bâtiment", 5, "230", 24, "construction"),
    ("RNCP35128", "CAP Menuisier fabricant", 3, "234", 24, "construction"),
    ("RNCP35149", "CAP Peintre applicateur de revêtements", 3, "233", 24, "construction"),
    ("RNCP38363", "CAP Équipier polyvalent du commerce", 3, "312", 24, "retail"),
    ("RNCP38366", "Bac pro Métiers du commerce et de la vente", 4, "312", 36, "retail"),
    ("RNCP38362", "BTS Management commercial opérationnel", 5, "312", 24, "retail"),
    ("RNCP38368", "BTS Négociation et digitalisation de la relation client", 5, "312", 24, "retail"),
    ("RNCP37298", "Titre pro Vendeur conseil en magasin", 4, "312", 12, "retail"),
    ("RNCP35901", "CAP Métiers de la coiffure", 3, "336", 24, "beauty"),
    ("RNCP37315", "BP Coiffure", 4, "336", 24, "beauty"),
    ("RNCP37280", "CAP Esthétique cosmétique parfumerie", 3, "336", 24, "beauty"),
    ("RNCP35884", "CAP Maintenance des véhicules option voitures particulières", 3, "252", 24, "auto"),
    ("RNCP35925", "Bac pro Maintenance des véhicules", 4, "252", 36, "auto"),
    ("RNCP35897", "BTS Maintenance des véhicules", 5, "252", 24, "auto"),
    ("RNCP35332", "Bac pro Maintenance des systèmes de production connectés", 4, "250", 36, "industry"),
    ("RNCP35359", "BTS Conception et réalisation de systèmes automatiques", 5, "250", 24, "industry"),
    ("RNCP35460", "BUT Génie mécanique et productique", 6, "251", 36, "industry"),
    ("RNCP36011", "Diplôme d'ingénieur en génie industriel", 7, "200", 36, "industry"),
    ("RNCP35349", "BTS Électrotechnique", 5, "255", 24, "industry"),
    ("RNCP35340", "BTS Services informatiques aux organisations", 5, "326", 24, "services"),
    ("RNCP35475", "BUT Informatique", 6, "326", 36, "services"),
    ("RNCP37674", "Titre pro Développeur web et web mobile", 5, "326", 12, "services"),
    ("RNCP38329", "BTS Comptabilité et gestion", 5, "314", 24, "services"),
    ("RNCP35517", "Diplôme de comptabilité et de gestion", 6, "314", 36, "services"),
    ("RNCP31480", "Master Management et administration des entreprises", 7, "310", 24, "services"),
    ("RNCP37274", "Titre pro Conducteur du transport routier de marchandises sur porteur", 3, "311", 12, "transport"),
    ("RNCP38386", "BTS Gestion des transports et logistique associée", 5, "311", 24, "transport"),
    ("RNCP38565", "CAP Accompagnant éducatif petite enfance", 3, "332", 24, "health"),
    ("RNCP35830", "Diplôme d'État d'aide-soignant", 4, "331", 12, "health"),
    ("RNCP34827", "Diplôme d'État d'éducateur spécialisé", 6, "332", 36, "health"),
    ("RNCP37553", "CAPa Jardinier paysagiste", 3, "214", 24, "agriculture"),
    ("RNCP38242", "Bac pro Aménagements paysagers", 4, "214", 36, "agriculture"),
    ("RNCP35850", "BTSA Agronomie et cultures durables", 5, "211", 24, "agriculture"),
    ("RNCP38372", "BTS Banque, conseiller de clientèle", 5, "313", 24, "banking"),
    ("RNCP31912", "Master Monnaie, banque, finance, assurance", 7, "313", 24, "banking"),
    ("RNCP34029", "BTS Support à l'action managériale", 5, "324", 24, "public"),
    ("RNCP30114", "Licence pro Métiers de l'administration territoriale", 6, "345", 12, "public"),
)  # fmt: skip

# (name with {p} for the town, how many, sectors taught): 60 CFAs and UFAs, none a real establishment.
CFA_TEMPLATES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("CFA des métiers de l'artisanat {p}", 8, ("food", "beauty", "auto", "construction")),
    ("CFA du bâtiment {p}", 6, ("construction",)),
    ("CFA hôtellerie-restauration {p}", 5, ("hotels", "fastfood")),
    ("CFA agricole et horticole {p}", 4, ("agriculture",)),
    ("Pôle formation industrie {p}", 6, ("industry",)),
    ("CFA commerce et services {p}", 8, ("retail", "services", "transport", "banking")),
    ("IUT {p} (UFA)", 4, ("industry", "services")),
    ("CFA universitaire {p}", 3, ("services", "banking", "public", "industry")),
    ("Lycée des métiers {p} (UFA)", 6, ("hotels", "retail", "auto", "construction", "beauty")),
    ("CFA sanitaire et social {p}", 4, ("health", "public")),
    ("CFA transport et logistique {p}", 2, ("transport",)),
    ("Institut coiffure et esthétique {p}", 2, ("beauty",)),
    ("CFA de l'automobile {p}", 2, ("auto",)),
)

RUPTURES_EARLY = (
    ("Rupture pendant la période d'essai", "employeur"),
    ("Rupture pendant la période d'essai", "apprenti"),
)
RUPTURES_LATER = (
    ("Démission", "apprenti"),
    ("Démission", "apprenti"),
    ("Rupture d'un commun accord", "commun_accord"),
    ("Rupture d'un commun accord", "commun_accord"),
    ("Rupture d'un commun accord", "commun_accord"),
    ("Licenciement pour faute grave", "employeur"),
    ("Licenciement pour inaptitude", "employeur"),
    ("Obtention du diplôme", "apprenti"),
    ("Liquidation judiciaire de l'entreprise", "autre"),
    ("Exclusion définitive du CFA", "employeur"),
    ("Démission après intervention du médiateur consulaire", "apprenti"),
)
SITUATIONS_SCHOOL = (
    ("Scolaire",) * 12
    + ("Prépa apprentissage", "Contrat d'apprentissage", "Contrat d'apprentissage", "Contrat d'apprentissage")
    + ("Demandeur d'emploi", "Demandeur d'emploi", "Salarié", "Inactif")
)
SITUATIONS_HIGHER = (
    ("Étudiant",) * 10
    + ("Contrat d'apprentissage",) * 5
    + ("Scolaire", "Scolaire", "Demandeur d'emploi", "Demandeur d'emploi", "Salarié")
)
APPRENTICE_AGES = {3: (15.2, 19.0), 4: (16.0, 21.0), 5: (18.0, 24.0), 6: (20.0, 26.5), 7: (21.0, 29.0)}
# Apprenticeship starts by month (September dominates) and by year (the 2019 reform and the 2020 hiring aid).
MONTH_WEIGHTS = (0.5, 0.4, 0.4, 0.4, 0.4, 0.6, 1.2, 1.5, 4.0, 2.5, 1.2, 0.7)
YEAR_WEIGHTS = {2016: 0.45, 2017: 0.47, 2018: 0.5, 2019: 0.6, 2020: 0.9, 2021: 1.2, 2022: 1.35, 2023: 1.4}
YEAR_WEIGHT_LATER = 1.35


# --- reference data ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    department: str
    postal_codes: tuple[str, ...]
    population: int


def load_communes(path: Path = COMMUNES_CSV, region: str = REGION) -> list[Commune]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Commune(row["code_insee"], row["nom"], row["departement"], tuple(row["codes_postaux"].split()),
                    int(row["population"] or 0))
            for row in csv.DictReader(handle)
            if row["region"] == region and row["codes_postaux"]
        ]  # fmt: skip


def load_nsf(path: Path = NSF_CSV) -> set[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"] for row in csv.DictReader(handle)}


def fold(text: str) -> str:
    """Without accents (œ becomes oe): what a system without accents writes."""
    text = text.replace("œ", "oe").replace("Œ", "OE")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def mail_part(text: str) -> str:
    return fold(text).lower().replace(" ", "").replace("'", "")


def elided(prefix: str, name: str) -> str:
    """ "de Lens", "d'Arras"."""
    return f"{prefix[0]}'{name}" if name[:1].lower() in "aeiouyéèêâîôh" else f"{prefix} {name}"


@lru_cache(maxsize=65_536)
def add_months(ordinal: int, months: int) -> int:
    """The same day `months` later, clamped to the month's end (31 May + 9 months = 29 February)."""
    day = dt.date.fromordinal(ordinal)
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last)).toordinal()


def start_days(rows: int) -> Iterator[int]:
    """Non-decreasing start ordinals for rows 0..rows-1, distributed by month, year and weekday weights."""
    first, last = START_FIRST.toordinal(), START_LAST.toordinal()
    cumulative: list[float] = []
    total = 0.0
    for ordinal in range(first, last + 1):
        day = dt.date.fromordinal(ordinal)
        weight = MONTH_WEIGHTS[day.month - 1] * YEAR_WEIGHTS.get(day.year, YEAR_WEIGHT_LATER)
        total += weight * (0.15 if day.weekday() >= 5 else 1.0)
        cumulative.append(total)
    pointer = 0
    for index in range(rows):
        target = (index + 0.5) / rows * total
        while cumulative[pointer] < target:
            pointer += 1
        yield first + pointer


# --- the generator ----------------------------------------------------------------------------------------------------


class ContractFile:
    """One file's worth of contracts: iterate `rows()` once (header first), then read `manifest`."""

    def __init__(self, rows: int, *, seed: int = 1, bad_share: float = 0.01, prefix: str = "FA13-2026-") -> None:
        if rows < 0 or not 0 <= bad_share <= 1:
            raise ValueError("rows ≥ 0 and 0 ≤ bad_share ≤ 1")
        self.n, self.seed, self.bad_share, self.prefix = rows, seed, bad_share, prefix
        self.manifest: dict[str, Any] = {}

    def bad_positions(self) -> dict[int, int]:
        """Row index (0-based, header excluded) → index in BAD_KINDS: evenly spread, kinds in turn."""
        count = min(self.n, round(self.n * self.bad_share))
        return {(2 * k + 1) * self.n // (2 * count): k % len(BAD_KINDS) for k in range(count)}

    def rows(self) -> Iterator[list[str]]:  # noqa: C901 - one loop with its locals bound, for speed
        rng = random.Random(self.seed)
        rnd = rng.random
        seed = self.seed
        communes = load_communes()
        nsf = load_nsf()
        for *_, group, _months, _sector in CERTIFICATIONS:
            assert group in nsf, f"NSF {group} is not in {NSF_CSV.name}"
        assert "999" not in nsf

        ord0 = dt.date(1950, 1, 1).toordinal()
        dates = [dt.date.fromordinal(o).strftime("%d/%m/%Y") for o in range(ord0, dt.date(2041, 1, 1).toordinal())]
        as_of = AS_OF.toordinal()
        experience_reference = EXPERIENCE_REFERENCE.toordinal()

        commune_weights = list(_accumulate(max(c.population, 50) for c in communes))
        commune_total = commune_weights[-1]
        ncommunes = len(communes)
        sector_table = [s for s in range(len(SECTORS)) for _ in range(SECTORS[s].weight)]
        certs_by_sector = [[i for i, cert in enumerate(CERTIFICATIONS) if cert[5] == s.key] for s in SECTORS]
        largest = sorted(communes, key=lambda c: -c.population)[:30]
        cfas: list[tuple[str, str, str]] = []
        cfas_by_cert: list[list[int]] = [[] for _ in CERTIFICATIONS]
        for t, (template, count, sectors) in enumerate(CFA_TEMPLATES):
            for j in range(count):
                town = largest[(t * 7 + j * 3) % len(largest)]
                k = len(cfas)
                cfas.append(
                    (uai_for(town.department, k * 1237 + 500), siret_for(69_000_000 + k, seed),
                     template.format(p=elided("de", town.name)))
                )  # fmt: skip
                for c, cert in enumerate(CERTIFICATIONS):
                    if cert[5] in sectors:
                        cfas_by_cert[c].append(k)
        assert all(cfas_by_cert), "every certification is taught somewhere"
        # Hot-loop views: per certification (rncp, title, level, NSF, months, its CFAs, situations, ages, jobs) and
        # per sector (spec, certifications, NAF codes with and without the dot).
        cert_info = []
        for c, (rncp, title, level, group, months, sector_key) in enumerate(CERTIFICATIONS):
            low, high = APPRENTICE_AGES[level]
            cert_info.append(
                (rncp, title, str(level), group, months, cfas_by_cert[c], len(cfas_by_cert[c]),
                 SITUATIONS_SCHOOL if level <= 4 else SITUATIONS_HIGHER, low, high - low,
                 SECTORS[_SECTOR_INDEX[sector_key]].jobs, level)
            )  # fmt: skip
        sector_info = [
            (spec, certs_by_sector[s], len(certs_by_sector[s]), spec.nafs, [n.replace(".", "") for n in spec.nafs])
            for s, spec in enumerate(SECTORS)
        ]
        nsituations = len(SITUATIONS_SCHOOL)
        assert len(SITUATIONS_HIGHER) == nsituations
        napprentice_mail = len(APPRENTICE_MAIL)
        age_min, age_max = APPRENTICE_AGE_DAYS

        last_names = LAST_NAMES
        last_folded = [fold(n) for n in last_names]
        last_mail = [mail_part(n) for n in last_names]
        firsts = (MALE_FIRST_NAMES, FEMALE_FIRST_NAMES)
        master_firsts = tuple(names[:to] for names, to in zip(firsts, MASTER_FIRST_NAMES_TO, strict=True))
        master_firsts_folded = tuple([fold(n) for n in names] for names in master_firsts)
        master_firsts_mail = tuple([mail_part(n) for n in names] for names in master_firsts)
        firsts_mail = tuple([mail_part(n) for n in names] for names in firsts)
        nlast = len(last_names)
        # A master's identity (surname, first name, birth date) is a bijection of their rank within their sex, so no
        # two masters share it: the importer's identity matching must find exactly `masters` persons.
        born_first, born_days = MASTER_BORN_FIRST.toordinal(), (MASTER_BORN_LAST - MASTER_BORN_FIRST).days + 1
        spaces = [nlast * len(names) * born_days for names in master_firsts]
        # A multiplier near the golden section spreads consecutive ranks over the whole space (names and dates).
        multipliers = [_coprime_multiplier(space, int(space * 0.6180339887)) for space in spaces]
        offsets = [(seed * 2_654_435_761 + sex * 104_729_017 + 40_503) % space for sex, space in enumerate(spaces)]
        issued = [0, 0]

        # Companies: parallel arrays (index = company id); names kept as strings, 3 master slots each (-1: empty).
        c_sector, c_commune, c_postal, c_naf, c_idcc, c_type = (array("h") for _ in range(6))
        c_effectif = array("i")
        c_rev = array("b")
        c_name_base: list[str] = []
        c_slots = array("i")
        c_siret: list[str] = []
        c_seen = bytearray()
        # Masters: sex, identity rank, company sector's job, diploma (certification), experience at 2016, state,
        # and the day after which they count as gone for 3 years (3 years after their last contract's end).
        m_sex, m_state = array("b"), array("b")
        m_ident, m_limit = array("q"), array("i")
        m_job, m_diploma, m_experience, m_mail = array("h"), array("h"), array("h"), array("b")
        m_returning = bytearray()
        m_seen = bytearray()

        def new_master(company: int) -> int:
            sector = c_sector[company]
            sex = 1 if rnd() < SECTORS[sector].female_share else 0
            rank = issued[sex]
            issued[sex] += 1
            m_sex.append(sex)
            m_ident.append((multipliers[sex] * rank + offsets[sex]) % spaces[sex])
            m_state.append(FRESH)
            m_limit.append(0)
            m_job.append(int(rnd() * len(SECTORS[sector].jobs)))
            certs = certs_by_sector[sector]
            m_diploma.append(certs[int(rnd() * len(certs))])
            m_experience.append(12 + int(rnd() * 150))
            m_mail.append(int(rnd() * len(MASTER_MAIL)))
            m_returning.append(rnd() < P_RETURNING)
            m_seen.append(0)
            return len(m_sex) - 1

        def new_company() -> int:
            company = len(c_sector)
            sector = sector_table[int(rnd() * len(sector_table))]
            spec = SECTORS[sector]
            commune = bisect.bisect_left(commune_weights, rnd() * commune_total)
            c_sector.append(sector)
            c_commune.append(commune)
            c_postal.append(int(rnd() * len(communes[commune].postal_codes)))
            c_naf.append(int(rnd() * len(spec.nafs)))
            c_idcc.append(int(rnd() * len(spec.idccs)))
            r = rnd()
            if spec.public:
                kind = "public"
            else:
                kind = ("entreprise", "groupement_employeurs", "ett", "association_intermediaire", "siae")[
                    0 if r < 0.95 else 1 if r < 0.965 else 2 if r < 0.98 else 3 if r < 0.99 else 4
                ]
            c_type.append(_EMPLOYER_TYPES.index(kind))
            r = rnd()
            c_effectif.append(
                1 + int(rnd() * 10) if r < 0.6 else 11 + int(rnd() * 39) if r < 0.85 else
                50 + int(rnd() * 200) if r < 0.95 else 250 + int(rnd() * 4000)
            )  # fmt: skip
            pattern = spec.names[int(rnd() * len(spec.names))]
            c_name_base.append(
                pattern.format(
                    s=last_names[int(rnd() * nlast)], p=elided("de", communes[commune].name),
                    n=NOUNS[int(rnd() * len(NOUNS))],
                )
            )  # fmt: skip
            c_rev.append(0)
            c_siret.append(siret_for(company, seed))
            c_seen.append(0)
            masters = 1 if r < 0.6 else 2 if r < 0.9 else 3  # bigger employers have more masters
            for slot in range(3):
                c_slots.append(new_master(company) if slot < masters else -1)
            return company

        def candidates(company: int, day: int) -> tuple[list[int], int]:
            """Masters of the company who may take this contract, and one coming back after a gap (or -1)."""
            found, back, free = [], -1, -1
            for slot in range(company * 3, company * 3 + 3):
                m = c_slots[slot]
                if m < 0:
                    free = slot
                    continue
                state = m_state[m]
                if state == FRESH:
                    found.append(m)
                elif state == AWAY:
                    if day > m_limit[m]:
                        found.append(m)
                        back = m
                elif day <= m_limit[m]:
                    found.append(m)
                else:  # idle for more than 3 years: they left; someone else takes over the apprentices
                    m = c_slots[slot] = new_master(company)
                    found.append(m)
            if not found and free >= 0:
                m = c_slots[free] = new_master(company)
                found.append(m)
            return found, back

        def master_cells(m: int, day: int, variant: int) -> list[str]:
            sex = m_sex[m]
            ident = m_ident[m]
            last, rest = ident % nlast, ident // nlast
            names = master_firsts[sex]
            nfirst = len(names)
            first, born = rest % nfirst, born_first + rest // nfirst
            birth = dates[born - ord0]
            mail = f"{master_firsts_mail[sex][first]}.{last_mail[last]}{birth[:2]}{birth[3:5]}{birth[8:]}@"
            mail += MASTER_MAIL[m_mail[m]]
            if variant == 1:
                last_text, first_text = last_names[last].upper(), names[first].upper()
            elif variant == 2:
                last_text, first_text = last_folded[last], master_firsts_folded[sex][first]
            else:
                last_text, first_text = last_names[last], names[first]
                if variant == 3:
                    mail = ""
            diploma = cert_info[m_diploma[m]]
            jobs = diploma[10]
            return [
                last_text, first_text, birth, mail, jobs[m_job[m] % len(jobs)], diploma[1], diploma[2], diploma[3],
                str(m_experience[m] + (day - experience_reference) * 12 // 365),
            ]  # fmt: skip

        positions = self.bad_positions()
        bad_lines: dict[str, list[int]] = {kind: [] for kind, _ in BAD_KINDS}
        width = max(7, len(str(self.n)))
        prefix = self.prefix
        empty_master = [""] * 9
        types: Counter[str] = Counter()
        n_master2 = n_workplace = n_code = n_ruptures = n_early = n_returning_rows = n_variants = 0
        renamed: set[int] = set()
        headcount_changed: set[int] = set()
        returning: set[int] = set()
        first_start = last_start = ""

        yield list(COLUMNS)
        for index, day in enumerate(start_days(self.n)):
            kind = positions.get(index, -1)
            valid = kind < 0
            # --- employer and masters
            for attempt in range(4):
                if not c_sector or attempt == 3 or rnd() < P_NEW_COMPANY:
                    company = new_company()
                else:
                    company = int(len(c_sector) * rnd())  # so the older employers have had more apprentices
                found, back = candidates(company, day)
                if found:
                    break
            m1 = back if back >= 0 else found[int(rnd() * len(found))]
            m2 = -1
            if rnd() < P_MASTER2:
                others = [m for m in found if m != m1]
                if others:
                    m2 = others[int(rnd() * len(others))]
                else:
                    for slot in range(company * 3, company * 3 + 3):
                        if c_slots[slot] < 0:
                            m2 = c_slots[slot] = new_master(company)
                            break
            spec, certs, ncerts, nafs, nafs_no_dot = sector_info[c_sector[company]]
            if valid and c_seen[company]:
                r = rnd()
                if r < P_HEADCOUNT_CHANGE:
                    c_effectif[company] = max(1, c_effectif[company] + (1 + int(rnd() * 5)) * (1 if r < 0.006 else -1))
                    headcount_changed.add(company)
                elif r < P_HEADCOUNT_CHANGE + P_RENAME and c_rev[company] < len(RENAME_SUFFIXES) - 1:
                    c_rev[company] += 1
                    renamed.add(company)
            # --- the contract
            rncp, title, level_text, group, months, cert_cfas, ncfas, situations, age_low, age_span, _jobs, level = (
                cert_info[certs[int(rnd() * ncerts)]]
            )
            r = rnd()
            if r < 0.80:
                contract_type = "apprentissage"
            elif r < 0.95 or day < _PRO_A_FROM:
                contract_type = "professionnalisation"
            else:
                contract_type = "pro_a" if day < _RECONVERSION_FROM else "periode_reconversion"
            end = add_months(day, months - (12 if months > 12 and rnd() < 0.15 else 0)) - 1
            concluded = day - int(rnd() * rnd() * 60)
            rupture = cause = initiative = ""
            effective_end = end
            if rnd() < P_RUPTURE:
                # A third within the first 45 days (the trial period of an apprenticeship contract).
                early = rnd() < 1 / 3
                broken = day + 1 + int(rnd() * 45) if early else day + 46 + int(rnd() * max(1, end - day - 47))
                if broken <= as_of and broken < end:
                    rupture = dates[broken - ord0]
                    pool = RUPTURES_EARLY if early else RUPTURES_LATER
                    cause, initiative = pool[int(rnd() * len(pool))]
                    effective_end = broken
                    if valid:
                        n_ruptures += 1
                        n_early += early
            # --- employer cells
            commune = communes[c_commune[company]]
            if rnd() < 0.5:
                code, postal, town = commune.code, "", ""
            else:
                code, postal, town = "", commune.postal_codes[c_postal[company]], commune.name
            workplace = ""
            if rnd() < P_WORKPLACE:
                other = bisect.bisect_left(commune_weights, rnd() * commune_total)
                if other == c_commune[company]:
                    other = (other + 1) % ncommunes
                workplace = communes[other].code
            naf = nafs_no_dot[c_naf[company]] if rnd() < P_NAF_NO_DOT else nafs[c_naf[company]]
            # --- apprentice
            sex = 1 if rnd() < spec.female_share else 0
            years = age_low + rnd() * age_span if rnd() < 0.92 else 15.2 + rnd() * 14.6
            age_days = int(years * 365.25)
            if age_days < age_min:
                age_days = age_min
            elif age_days > age_max:
                age_days = age_max
            names = firsts[sex]
            young = APPRENTICE_FIRST_NAMES_FROM[sex]
            a_first, a_last = young + int(rnd() * (len(names) - young)), int(rnd() * nlast)
            mail = ""
            if rnd() < 0.9:
                number = int(rnd() * 100)
                mail = f"{firsts_mail[sex][a_first]}.{last_mail[a_last]}{number if number < 70 else ''}@"
                mail += APPRENTICE_MAIL[int(rnd() * napprentice_mail)]
            cfa = cfas[cert_cfas[int(rnd() * ncfas)]]
            # --- masters' cells (a known master is sometimes spelt differently; never on a bad row)
            variant = 0
            if valid and m_seen[m1] and rnd() < P_VARIANT:
                variant = 1 + int(rnd() * 3)
                n_variants += 1
            row = [
                f"{prefix}{index + 1:0{width}d}", contract_type, dates[concluded - ord0], dates[day - ord0],
                dates[end - ord0], rupture, cause, initiative, workplace,
                c_siret[company], c_name_base[company] + RENAME_SUFFIXES[c_rev[company]], code, postal, town, naf,
                spec.idccs[c_idcc[company]], str(c_effectif[company]), _EMPLOYER_TYPES[c_type[company]],
                last_names[a_last], names[a_first], dates[day - age_days - ord0], "MF"[sex], mail,
                situations[int(rnd() * nsituations)], _LEVELS[max(3, level - 1 - (rnd() < 0.2))],
                rncp, title, level_text, group, cfa[0], cfa[1], cfa[2],
                *master_cells(m1, day, variant), *(master_cells(m2, day, 0) if m2 >= 0 else empty_master),
            ]  # fmt: skip
            if valid:
                c_seen[company] = 1
                types[contract_type] += 1
                n_master2 += m2 >= 0
                n_workplace += workplace != ""
                n_code += code != ""
                is_returning = False
                limit = add_months(effective_end, 36)
                for m in (m1, m2):
                    if m < 0:
                        continue
                    if m_seen[m] and day > m_limit[m]:
                        is_returning = True
                        returning.add(m)
                    state = m_state[m]
                    if state == FRESH:
                        m_state[m] = AWAY if m_returning[m] else ACTIVE
                    elif state == AWAY:
                        m_state[m] = BACK
                    if limit > m_limit[m]:
                        m_limit[m] = limit
                    m_seen[m] = 1
                n_returning_rows += is_returning
                first_start = first_start or row[3]
                last_start = row[3]
            else:
                bad_kind, _column = BAD_KINDS[kind]
                bad_lines[bad_kind].append(index + 2)
                _spoil(row, bad_kind, day, dates, ord0)
            yield row

        self.manifest = {
            "generator": "bench/contract_file.py",
            "seed": seed,
            "prefix": prefix,
            "bad_share": self.bad_share,
            "columns": list(COLUMNS),
            "rows": self.n,
            "valid_rows": self.n - len(positions),
            "bad_rows": {
                "total": len(positions),
                "by_kind": {
                    kind: {"column": column, "count": len(bad_lines[kind]), "lines": bad_lines[kind]}
                    for kind, column in BAD_KINDS
                },
            },
            "companies": sum(c_seen),
            "masters": sum(m_seen),
            "rows_with_master2": n_master2,
            "ruptures": n_ruptures,
            "ruptures_within_45_days": n_early,
            "returning_masters": len(returning),
            "returning_master_rows": n_returning_rows,
            "master_variant_rows": n_variants,
            "rows_with_commune_code": n_code,
            "rows_with_workplace": n_workplace,
            "companies_renamed": len(renamed),
            "companies_headcount_changed": len(headcount_changed),
            # What the last valid row of a few changed companies says: an import must end with these values.
            "last_row_wins": [
                {
                    "employeur_siret": c_siret[c],
                    "employeur_denomination": c_name_base[c] + RENAME_SUFFIXES[c_rev[c]],
                    "employeur_effectif": c_effectif[c],
                }
                for c in sorted(renamed | headcount_changed)[:10]
            ],
            "contract_types": dict(sorted(types.items())),
            "cfas": len(cfas),
            "first_start": first_start,
            "last_start": last_start,
        }


_EMPLOYER_TYPES = ("entreprise", "groupement_employeurs", "ett", "association_intermediaire", "siae", "public")
_SECTOR_INDEX = {sector.key: index for index, sector in enumerate(SECTORS)}
_LEVELS = {level: str(level) for level in range(1, 9)}
_PRO_A_FROM = dt.date(2019, 1, 1).toordinal()  # Pro-A: loi du 5 septembre 2018, from 2019
_RECONVERSION_FROM = dt.date(2026, 1, 1).toordinal()  # the période de reconversion replaces Pro-A in 2026


def _accumulate(values: Iterable[int]) -> Iterator[int]:
    total = 0
    for value in values:
        total += value
        yield total


def _coprime_multiplier(space: int, start: int) -> int:
    from math import gcd

    multiplier = start % space or 1
    while gcd(multiplier, space) != 1:
        multiplier += 1
    return multiplier


def _spoil(row: list[str], kind: str, day: int, dates: list[str], ord0: int) -> None:
    """Give the row its one defect."""
    if kind == "siret_check_digit":
        siret = row[COL["employeur_siret"]]
        row[COL["employeur_siret"]] = siret[:13] + str((int(siret[13]) + 1) % 10)
    elif kind == "end_before_start":
        row[COL["date_fin"]] = dates[day - 1 - day % 60 - ord0]
        for column in ("date_rupture", "cause_rupture", "initiative_rupture"):
            row[COL[column]] = ""
    elif kind == "impossible_date":
        row[COL["date_debut"]] = "31/02/" + row[COL["date_debut"]][6:]
    elif kind == "unknown_commune":
        row[COL["employeur_code_commune"]] = "99999"
        row[COL["employeur_code_postal"]] = row[COL["employeur_commune"]] = ""
    elif kind == "birth_date_in_future":
        row[COL["apprenti_date_naissance"]] = dates[AS_OF.toordinal() + 400 + day % 2000 - ord0]
    elif kind == "unknown_nsf":
        row[COL["formation_nsf"]] = "999"
    elif kind == "missing_master1_last_name":
        row[COL["maitre1_nom"]] = ""
    elif kind == "unknown_contract_type":
        row[COL["type_contrat"]] = "stage"
    elif kind == "unreadable_birth_date":
        row[COL["apprenti_date_naissance"]] = "32/13/" + row[COL["apprenti_date_naissance"]][6:]
    elif kind == "email_without_at":
        row[COL["maitre1_courriel"]] = row[COL["maitre1_courriel"]].replace("@", ".")


def generate(
    rows: int, *, seed: int = 1, bad_share: float = 0.01, prefix: str = "FA13-2026-", manifest: dict | None = None
) -> Iterator[list[str]]:
    """The file's rows, header first; `manifest`, if given, is filled once the rows are exhausted."""
    contract_file = ContractFile(rows, seed=seed, bad_share=bad_share, prefix=prefix)
    yield from contract_file.rows()
    if manifest is not None:
        manifest.update(contract_file.manifest)


# --- writers ----------------------------------------------------------------------------------------------------------


def _open_text(path: str | Path, encoding: str) -> TextIO:
    if str(path) == "-":
        return io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="", write_through=False)
    return open(path, "w", encoding=encoding, newline="")  # noqa: SIM115 - closed by the caller


def write_csv(path: str | Path, rows: Iterable[list[str]], *, separator: str = ";", encoding: str = "utf-8") -> int:
    """Write rows (header included) as CSV, CRLF line ends as Excel does; returns the number of lines written.

    A row whose cells hold no separator, quote or line break is joined directly (most rows; several times faster
    than csv.writer); the others go through csv.writer, so quoting stays right. cp1252 is strict: a character it
    cannot write fails loudly rather than turning into "?".
    """
    handle = _open_text(path, encoding)
    quoted = io.StringIO()
    writer = csv.writer(quoted, delimiter=separator, lineterminator="\r\n")
    batch: list[str] = []
    count = 0
    try:
        for row in rows:
            line = separator.join(row)
            if line.count(separator) != len(row) - 1 or '"' in line or "\n" in line or "\r" in line:
                quoted.seek(0)
                quoted.truncate()
                writer.writerow(row)
                line = quoted.getvalue()[:-2]
            batch.append(line)
            count += 1
            if len(batch) == 2000:
                batch.append("")
                handle.write("\r\n".join(batch))
                batch.clear()
        if batch:
            batch.append("")
            handle.write("\r\n".join(batch))
    finally:
        if str(path) == "-":
            handle.flush()
            handle.detach()
        else:
            handle.close()
    return count


def write_xlsx(path: str | Path, rows: Iterable[list[str]]) -> int:
    """Write rows as one XLSX sheet, every cell as text (codes keep their leading zeros); slower than CSV."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Contrats")
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    workbook.save(str(path))
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fichier de contrats au format canonique (banc d'essai de l'import).")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bad-share", type=float, default=0.01)
    parser.add_argument("--prefix", default="FA13-2026-")
    parser.add_argument("--out", default="-", help="chemin du fichier, ou - pour la sortie standard")
    parser.add_argument("--separator", choices=(";", ","), default=";")
    parser.add_argument("--encoding", choices=("utf-8", "utf-8-sig", "cp1252"), default="utf-8")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--manifest", help="chemin du résumé JSON de ce qui a été généré")
    args = parser.parse_args(argv)
    if args.format == "xlsx" and args.out == "-":
        parser.error("--format xlsx demande un fichier (--out)")

    began = time.perf_counter()
    contract_file = ContractFile(args.rows, seed=args.seed, bad_share=args.bad_share, prefix=args.prefix)
    try:
        if args.format == "xlsx":
            lines = write_xlsx(args.out, contract_file.rows())
        else:
            lines = write_csv(args.out, contract_file.rows(), separator=args.separator, encoding=args.encoding)
    except BrokenPipeError:  # `… --out - | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    manifest = contract_file.manifest | {
        "format": args.format,
        "separator": args.separator if args.format == "csv" else None,
        "encoding": args.encoding if args.format == "csv" else None,
    }
    if args.manifest:
        Path(args.manifest).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    elapsed = time.perf_counter() - began
    print(
        f"{lines - 1} lignes ({manifest['bad_rows']['total']} en erreur) en {elapsed:.1f} s "
        f"({(lines - 1) / max(elapsed, 1e-9):,.0f} lignes/s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
