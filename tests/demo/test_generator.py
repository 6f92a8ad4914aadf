"""The generator's small helpers."""

from __future__ import annotations

import datetime as dt

from compagnon.demo.generator import add_months, elided, siret_for
from compagnon.organisations.validators import siret_is_valid


def test_sirets_are_valid_and_never_repeat():
    sirets = [siret_for(index, seed=2026) for index in range(50_000)]
    assert len(set(sirets)) == len(sirets)
    assert all(siret_is_valid(s) for s in sirets[:5_000])


def test_another_seed_gives_other_sirets():
    assert siret_for(0, seed=1) != siret_for(0, seed=2)


def test_adding_months_clamps_to_the_end_of_the_month():
    assert add_months(dt.date(2023, 5, 31), 9) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 9, 2), 24) == dt.date(2026, 9, 2)


def test_place_names_are_elided_before_a_vowel():
    assert elided("de", "Arras") == "d'Arras"
    assert elided("de", "Lens") == "de Lens"
