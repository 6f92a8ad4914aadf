"""A small world for browser tests, built with tests/factories.py: every role sees at least one contract."""

from __future__ import annotations

import datetime as dt
from typing import Any

from compagnon.accounts.enums import Role
from compagnon.accounts.models import User
from tests.browser.helpers import PASSWORD
from tests.factories import (
    make_apprentice,
    make_certification,
    make_chamber,
    make_company,
    make_contract,
    make_opco,
    make_supervisor,
    make_territory,
    make_training_centre,
    make_user,
)


def make_world() -> dict[str, Any]:
    territory = make_territory()
    lille = territory["communes"]["Lille"]
    chamber = make_chamber(name="CCI Grand Lille", areas=[territory["areas"]["Lille"]])
    opco = make_opco(code="opco-ep", name="OPCO EP")
    company = make_company(commune=lille, name="Boulangerie du Vieux-Lille", opco=opco)
    centre = make_training_centre(commune=lille, name="CFA des métiers de bouche")
    apprentice = make_apprentice(first_name="Léa", last_name="Dubois")
    supervisor = make_supervisor(first_name="Karim", last_name="Benali")
    contract = make_contract(
        company=company,
        apprentice=apprentice,
        supervisor=supervisor,
        training_centre=centre,
        opco=opco,
        certification=make_certification(title="CAP Boulanger"),
        start_date=dt.date.today() - dt.timedelta(days=30),
    )
    # A second contract elsewhere, out of most scopes: lists must not show it to the wrong people.
    make_contract(commune=territory["communes"]["Rennes"])

    organisation_of = {
        Role.REGIONAL_ANIMATOR: territory["regions"]["hdf"],
        Role.TERRITORIAL_ANIMATOR: chamber,
        Role.CFA_STAFF: centre,
        Role.SUPERVISOR: company,
        Role.APPRENTICE: company,
        Role.EMPLOYER: company,
        Role.MEDIATOR: chamber,
        Role.INSPECTOR: territory["regions"]["hdf"],
        Role.DATA_PROVIDER: opco,
    }
    person_of = {Role.SUPERVISOR: supervisor, Role.APPRENTICE: apprentice}
    users: dict[str, User] = {
        role: make_user(
            role=role,
            organisation=organisation_of[role],
            person=person_of.get(role),
            username=f"test.{role}",
            password=PASSWORD,
        )
        for role in Role
    }
    users["superuser"] = User.objects.create_superuser("test.admin", "admin@example.fr", PASSWORD)
    return {"territory": territory, "contract": contract, "users": users, "company": company, "centre": centre}
