"""The rules engine: who may supervise, how many, what the OPCO funds, and why, with the article behind each answer.

Pure Python (no Django): `evaluate(situation, data)` takes a `model.Situation` and a `params.RuleData` and returns an
`outcome.Decision`. `jsonio` reads and writes the JSON form used by `manage.py rules evaluate` and the API. See
docs/rules.md.
"""

from compagnon.rules.engine import evaluate
from compagnon.rules.params import LEGAL_ONLY, RuleData

__all__ = ["LEGAL_ONLY", "RuleData", "evaluate"]
