"""The RuleData the platform evaluates with: the legal ceilings, and what the regional animator configured."""

from __future__ import annotations

from compagnon.rules.params import LEGAL_ONLY, RuleData


def current_rule_data() -> RuleData:
    """Branch agreements and OPCO amounts are not configurable yet: the legal rules and ceilings only."""
    return LEGAL_ONLY
