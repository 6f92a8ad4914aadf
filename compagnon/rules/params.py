"""The parameters of the rules that are data, not law: branch agreements, OPCOs' own amounts, settings.

The legal values live next to the rules that use them, with their dates and articles. What a branch or an OPCO
decides (and changes) is given to the engine as a `RuleData`: the platform builds it from what the regional
animator edits (compagnon/compliance), tests and the command line build their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class CompetenceRoute:
    """One way to meet a branch agreement's competence condition: a diploma (or not) and months of experience."""

    months: int
    # A diploma in the same professional field as the certification prepared, this many levels above it (0: equal).
    diploma_min_levels_above: int | None = None


@dataclass(frozen=True, slots=True)
class BranchAgreement:
    """A branch agreement that sets the masters' competence condition (L6223-8-1), for contracts concluded in
    [valid_from, valid_until]."""

    idcc: str
    name: str
    routes: tuple[CompetenceRoute, ...]
    valid_from: dt.date
    valid_until: dt.date | None = None
    reference: str = ""  # the agreement's own reference, shown with the answer


class Function(StrEnum):
    MASTER = "master"  # exercise of the master function
    TUTOR = "tutor"  # exercise of the tutor function
    TRAINING = "training"  # the supervisor's own training


@dataclass(frozen=True, slots=True)
class OpcoFundingRule:
    """An OPCO's own amount for one function, for contracts concluded in [valid_from, valid_until].

    Below the legal ceilings (D6332-92, D6332-93): the engine never answers more than the law allows.
    """

    opco: str
    function: Function
    valid_from: dt.date
    valid_until: dt.date | None = None
    eur_per_month: int | None = None  # function rules
    months: int | None = None
    eur_per_hour: int | None = None  # training rules
    max_hours: int | None = None
    # The OPCO funds only companies of fewer than this many employees (None: any size).
    max_headcount_below: int | None = None
    funded: bool = True  # False: this OPCO does not fund it at all
    note: str = ""


@dataclass(frozen=True, slots=True)
class RuleData:
    branch_agreements: tuple[BranchAgreement, ...] = ()
    # Which OPCO a branch (IDCC) belongs to, when the employer's OPCO is not given.
    opco_by_idcc: dict[str, str] = field(default_factory=dict)
    opco_rules: tuple[OpcoFundingRule, ...] = ()
    # Without an alternance calendar, the 45 days are estimated with one CFA week in this many weeks.
    weeks_per_cfa_week: int = 4

    def agreement_for(self, idcc: str | None, on: dt.date) -> BranchAgreement | None:
        if not idcc:
            return None
        for agreement in self.branch_agreements:
            if (
                agreement.idcc == idcc
                and agreement.valid_from <= on
                and (agreement.valid_until is None or on <= agreement.valid_until)
            ):
                return agreement
        return None

    def opco_of(self, opco: str | None, idcc: str | None) -> str | None:
        return opco or (self.opco_by_idcc.get(idcc) if idcc else None)

    def opco_rule(self, opco: str | None, function: Function, on: dt.date) -> OpcoFundingRule | None:
        if not opco:
            return None
        for rule in self.opco_rules:
            if (
                rule.opco == opco
                and rule.function is function
                and rule.valid_from <= on
                and (rule.valid_until is None or on <= rule.valid_until)
            ):
                return rule
        return None


LEGAL_ONLY = RuleData()
