""" "Same professional field" (R6223-22 1°) from NSF codes (nomenclature des spécialités de formation, 1994).

The law gives no algorithm (rules-fr.md §8.4). Compagnon's reading, which a person confirms where it says `unknown`:
- the same 3-digit group (221 and 221): same field;
- one of the two is the general group of the domain, ending in 0 (220 "Spécialités pluritechnologiques des
  transformations" with 221 "Agro-alimentaire, alimentation, cuisine"): same field;
- two different groups of the same 2-digit domain (221 and 222): `unknown`, a person must judge;
- two domains: not the same field.
A letter after the three digits (production or services) does not change the field.
"""

from __future__ import annotations

from compagnon.rules.outcome import Status


def same_field(a: str | None, b: str | None) -> Status:
    if not a or not b:
        return Status.UNKNOWN
    group_a, group_b = a[:3], b[:3]
    if group_a == group_b:
        return Status.OK
    if group_a[:2] != group_b[:2]:
        return Status.KO
    if group_a[2] == "0" or group_b[2] == "0":
        return Status.OK
    return Status.UNKNOWN
