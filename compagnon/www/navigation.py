"""The main navigation, built in one place from the account's roles (request.scope).

Each entry says who sees it; includes/nav.html only renders what main_nav() returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from compagnon.accounts.enums import AREA_ROLES, Role

# Roles that run the scheme for the whole region: journal of changes and sent mail (DESIGN §1).
REGIONAL_ROLES = (Role.REGIONAL_ANIMATOR,)
# Who works the list of new masters (www/intake/): those who contact, follow or oversee them (DESIGN §1). Employers
# see their masters on their company's page; masters, apprentices and data providers have no use for the list.
NEW_MASTERS_ROLES = (
    Role.REGIONAL_ANIMATOR,
    Role.TERRITORIAL_ANIMATOR,
    Role.CFA_STAFF,
    Role.MEDIATOR,
    Role.INSPECTOR,
)
# Who may import contract files (compagnon.intake.permits.permit_for).
IMPORT_ROLES = (Role.REGIONAL_ANIMATOR, Role.CFA_STAFF, Role.DATA_PROVIDER)
# Who decides on near-duplicate people (www/people/duplicates.py, checked again by its views).
DUPLICATES_ROLES = (Role.REGIONAL_ANIMATOR,)


@dataclass(frozen=True)
class NavEntry:
    label: str
    url: str
    url_name: str
    active: bool = False


def _entries_for(scope: Any, user: Any) -> list[tuple[str, str]]:
    """(url name, label) pairs the account may open, in display order."""
    entries = [("home", "Accueil")]
    has_scope = scope.is_superuser or bool(scope.roles)
    if has_scope:
        entries += [
            ("contracts:list", "Contrats"),
            ("people:list", "Personnes"),
            ("companies:list", "Entreprises"),
            ("centres:list", "CFA"),
        ]
        # Employment areas are the working unit of the animators, mediators and inspectors.
        if scope.is_superuser or scope.roles & AREA_ROLES:
            entries.append(("areas:list", "Zones d'emploi"))
        if scope.has_role(*NEW_MASTERS_ROLES):
            entries.append(("intake:new_masters", "Nouveaux maîtres"))
        # The roles compagnon.intake.permits.permit_for lets import (checked again, exactly, by the page).
        if scope.has_role(*IMPORT_ROLES):
            entries.append(("intake:list", "Importer des contrats"))
        if scope.has_role(*DUPLICATES_ROLES):
            entries.append(("people:duplicates", "Doublons à vérifier"))
    # Public, and useful to every role: the eligibility checker.
    entries.append(("rules:check", "Vérifier l'éligibilité"))
    if scope.has_role(*REGIONAL_ROLES):
        entries += [("audit:list", "Journal"), ("mail:list", "Courriels envoyés")]
    if user.is_staff:
        entries.append(("admin:index", "Administration"))
    return entries


def main_nav(request: HttpRequest) -> list[NavEntry]:
    user = request.user
    if not user.is_authenticated:
        return []
    path = request.path
    entries = [(name, label, reverse(name)) for name, label in _entries_for(request.scope, user)]  # type: ignore[attr-defined]
    # The home page is active only on itself; a section also on its sub-pages, unless a longer entry holds them
    # (/personnes/doublons/ is « Doublons à vérifier », not « Personnes »).
    matching = [url for _, _, url in entries if (path == url if url == "/" else path.startswith(url))]
    current = max(matching, key=len, default=None)
    return [NavEntry(label=label, url=url, url_name=name, active=url == current) for name, label, url in entries]
