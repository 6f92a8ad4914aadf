"""The JSON form of a situation and of a decision, shared by `manage.py rules evaluate` and POST /api/v1/rules/evaluate.

The JSON field names are the dataclass field names (compagnon/rules/model.py). An absent or null field is an unknown
fact; a field nobody knows about is refused, so that a typo never silently becomes an unknown fact. Input is read
strictly: a number written as a text, or `true` where a number is expected, is an error, not a guess. The first
error wins and names the field's path (`supervisor.diplomas[1].level`), in French.

Parsing is on the bench's path (100,000 situations): cheap type tests (`type(v) is int`) and dictionary lookups, no
regular expression, paths built only when an error is raised.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any, NoReturn, TypeVar

from compagnon.rules.model import (
    ContractFacts,
    ContractKind,
    Diploma,
    Employer,
    EmployerKind,
    Period,
    Situation,
    Supervisee,
    Supervisor,
    SupervisorRole,
    SupervisorStatus,
    Trainee,
)
from compagnon.rules.outcome import Decision, LegalBasis

E = TypeVar("E", bound=StrEnum)

_ABSENT: Any = object()
_DATE_EXAMPLE = "2026-09-01"


class SituationError(ValueError):
    """A situation that cannot be read: what is wrong (in French) and where (`contract.start_date`; "" = all of it)."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __repr__(self) -> str:
        return f"SituationError({self.message!r}, path={self.path!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SituationError) and (self.message, self.path) == (other.message, other.path)

    def __hash__(self) -> int:
        return hash((self.message, self.path))


# --- reading --------------------------------------------------------------------------------------------------------


def _path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _fail(where: str, key: str, problem: str) -> NoReturn:
    path = _path(where, key)
    raise SituationError(f"{path} : {problem}" if path else problem, path)


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def _shown(value: object) -> str:
    """A value as the sender wrote it, short enough for a message."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return f"le texte « {_short(value)} »"
    if isinstance(value, int | float):
        return f"le nombre {value}"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "un objet"
    return type(value).__name__


def _wrong_type(where: str, key: str, expected: str, value: object) -> NoReturn:
    hint = ""
    if isinstance(value, str) and expected.startswith("nombre"):
        stripped = value.strip()
        if len(stripped) <= 20 and stripped.lstrip("-").isdigit():
            hint = f" (écrivez {stripped}, sans guillemets)"
    elif (
        isinstance(value, str)
        and expected.startswith("true")
        and value.strip().lower() in ("true", "false", "vrai", "faux", "oui", "non")
    ):
        hint = " (écrivez true ou false, sans guillemets)"
    _fail(where, key, f"{expected} attendu, reçu {_shown(value)}{hint}.")


def _unknown_field(where: str, obj: Mapping[str, Any], accepted: frozenset[str]) -> NoReturn:
    for key in obj:
        if key not in accepted:
            path = _path(where, str(key))
            close = difflib.get_close_matches(str(key), sorted(accepted), n=1, cutoff=0.6)
            if close:
                hint = f" (vouliez-vous dire « {close[0]} » ?)"
            else:
                hint = " ; champs acceptés : " + ", ".join(sorted(accepted))
            raise SituationError(f"champ inconnu : {_short(path)}{hint}.", path)
    raise AssertionError("no unknown field")  # pragma: no cover


def _object(value: object, where: str, accepted: frozenset[str]) -> dict[str, Any]:
    if type(value) is not dict:
        raise SituationError(
            (f"{where} : " if where else "") + f"objet JSON {{…}} attendu, reçu {_shown(value)}.",
            where,
        )
    if not accepted.issuperset(value):
        _unknown_field(where, value, accepted)
    return value


def _list(obj: dict[str, Any], key: str, where: str) -> list[Any] | None:
    value = obj.get(key)
    if value is None or type(value) is list:
        return value
    _wrong_type(where, key, "liste [ … ]", value)


def _required_enum(obj: dict[str, Any], key: str, where: str, values: Mapping[str, E]) -> E:
    value = obj.get(key)
    member = values.get(value) if type(value) is str else None
    if member is not None:
        return member
    _required(obj, key, where)
    _enum(obj, key, where, values)
    raise AssertionError("unreachable")  # pragma: no cover


def _required(obj: dict[str, Any], key: str, where: str) -> Any:
    value = obj.get(key, _ABSENT)
    if value is _ABSENT:
        _fail(where, key, "champ obligatoire manquant.")
    if value is None:
        _fail(where, key, "champ obligatoire : null n'est pas accepté.")
    return value


def _bool(obj: dict[str, Any], key: str, where: str, default: bool | None = None) -> bool | None:
    value = obj.get(key, _ABSENT)
    if value is True or value is False or value is None:
        return value
    if value is _ABSENT:
        return default
    _wrong_type(where, key, "true, false ou null", value)


def _int(obj: dict[str, Any], key: str, where: str, minimum: int, maximum: int | None = None) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if type(value) is not int:
        _wrong_type(where, key, "nombre entier", value)
    if value < minimum or (maximum is not None and value > maximum):
        if maximum is not None:
            _fail(where, key, f"nombre entier de {minimum} à {maximum} attendu, reçu {value}.")
        if minimum == 0:
            _fail(where, key, f"nombre positif ou nul attendu, reçu {value}.")
        _fail(where, key, f"nombre entier supérieur ou égal à {minimum} attendu, reçu {value}.")
    return value


def _read_date(value: object, where: str, key: str) -> dt.date:
    # fromisoformat also takes "20260901" or "2026-W36-1": only the AAAA-MM-JJ shape is ours.
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii():
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            if (value[:4] + value[5:7] + value[8:]).isdigit():
                _fail(where, key, f"cette date n'existe pas (« {value} »).")
    if type(value) is not str:
        _wrong_type(where, key, f"date au format AAAA-MM-JJ (par exemple {_DATE_EXAMPLE})", value)
    _fail(where, key, f"date au format AAAA-MM-JJ attendue (par exemple {_DATE_EXAMPLE}), reçu {_shown(value)}.")


def _date(obj: dict[str, Any], key: str, where: str) -> dt.date | None:
    value = obj.get(key)
    if value is None:
        return None
    # _read_date's test inlined: most dates are well formed, and this runs a million times on the bench.
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii():
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return _read_date(value, where, key)


def _enum(obj: dict[str, Any], key: str, where: str, values: Mapping[str, E]) -> E | None:
    value = obj.get(key)
    if value is None:
        return None
    member = values.get(value) if type(value) is str else None
    if member is None:
        accepted = ", ".join(values)
        if type(value) is str:
            _fail(where, key, f"valeur inconnue « {_short(value)} » ; valeurs acceptées : {accepted}.")
        _wrong_type(where, key, f"texte parmi {accepted}", value)
    return member


def _nsf(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if (
        type(value) is str
        and 3 <= len(value) <= 4
        and value.isascii()
        and value[:3].isdigit()
        and (len(value) == 3 or value[3].isalpha())
    ):
        return value
    _fail(
        where,
        key,
        "code NSF attendu : 3 chiffres, suivis éventuellement d'une lettre (par exemple « 221 » ou « 221t »), "
        f"reçu {_shown(value)}.",
    )


def _idcc(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if type(value) is str and 1 <= len(value) <= 4 and value.isascii() and value.isdigit():
        return value
    _fail(where, key, f"code IDCC attendu : un texte de 1 à 4 chiffres (par exemple « 1501 »), reçu {_shown(value)}.")


def _text(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if type(value) is not str:
        _wrong_type(where, key, "texte", value)
    if not value.strip():
        _fail(where, key, "texte vide : mettez null si l'information n'est pas connue.")
    return value


def _enum_values(enum: type[E]) -> dict[str, E]:
    return {member.value: member for member in enum}


CONTRACT_KINDS = _enum_values(ContractKind)
EMPLOYER_KINDS = _enum_values(EmployerKind)
ROLES = _enum_values(SupervisorRole)
STATUSES = _enum_values(SupervisorStatus)

SITUATION_FIELDS = frozenset(("contract", "employer", "supervisor", "trainee"))
CONTRACT_FIELDS = frozenset(
    (
        "kind",
        "signature_date",
        "start_date",
        "end_date",
        "certification_level",
        "certification_nsf",
        "extended_after_exam_failure",
        "cfa_periods",
        "sick_leaves",
    )
)
PERIOD_FIELDS = frozenset(("start", "end"))
EMPLOYER_FIELDS = frozenset(("kind", "headcount", "idcc", "opco"))
DIPLOMA_FIELDS = frozenset(("level", "nsf"))
SUPERVISEE_FIELDS = frozenset(("kind", "extended_after_exam_failure"))
SUPERVISOR_FIELDS = frozenset(
    (
        "role",
        "status",
        "volunteer",
        "good_character_attested",
        "birth_date",
        "diplomas",
        "relevant_experience_months",
        "ett_experience_months",
        "second_tutor",
        "capacity_exemption_limit",
        "capacity_exemption_until",
        "current_supervisees",
        "master_activity_months",
    )
)
TRAINEE_FIELDS = frozenset(("birth_date", "priority_public", "followed_by_referent", "no_permanent_job_in_3_years"))


def _periods(obj: dict[str, Any], key: str, where: str) -> tuple[Period, ...] | None:
    items = obj.get(key)
    if items is None:
        return None
    if type(items) is not list:
        _wrong_type(where, key, "liste [ … ]", items)
    periods = []
    for index, item in enumerate(items):
        at = f"{_path(where, key)}[{index}]"
        item = _object(item, at, PERIOD_FIELDS)
        start = _read_date(_required(item, "start", at), at, "start")
        end = _read_date(_required(item, "end", at), at, "end")
        if end < start:
            _fail(at, "end", f"la fin de la période ({end.isoformat()}) précède son début ({start.isoformat()}).")
        periods.append(Period(start=start, end=end))
    return tuple(periods)


def _contract(value: object) -> ContractFacts:
    where = "contract"
    obj = _object(value, where, CONTRACT_FIELDS)
    kind = _required_enum(obj, "kind", where, CONTRACT_KINDS)
    start_date = _read_date(_required(obj, "start_date", where), where, "start_date")
    end_date = _date(obj, "end_date", where)
    if end_date is not None and end_date < start_date:
        _fail(
            where,
            "end_date",
            f"la fin du contrat ({end_date.isoformat()}) précède son début ({start_date.isoformat()}).",
        )
    return ContractFacts(
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        signature_date=_date(obj, "signature_date", where),
        certification_level=_int(obj, "certification_level", where, 1, 8),
        certification_nsf=_nsf(obj, "certification_nsf", where),
        extended_after_exam_failure=_bool(obj, "extended_after_exam_failure", where, False),
        cfa_periods=_periods(obj, "cfa_periods", where),
        sick_leaves=_periods(obj, "sick_leaves", where) or (),
    )


def _employer(value: object) -> Employer:
    if value is None:
        return Employer()
    where = "employer"
    obj = _object(value, where, EMPLOYER_FIELDS)
    return Employer(
        kind=_enum(obj, "kind", where, EMPLOYER_KINDS),
        headcount=_int(obj, "headcount", where, 0),
        idcc=_idcc(obj, "idcc", where),
        opco=_text(obj, "opco", where),
    )


def _diplomas(obj: dict[str, Any], where: str) -> tuple[Diploma, ...] | None:
    items = _list(obj, "diplomas", where)
    if items is None:
        return None
    diplomas = []
    for index, item in enumerate(items):
        at = f"{where}.diplomas[{index}]"
        item = _object(item, at, DIPLOMA_FIELDS)
        diplomas.append(Diploma(level=_int(item, "level", at, 1, 8), nsf=_nsf(item, "nsf", at)))
    return tuple(diplomas)


def _supervisees(obj: dict[str, Any], where: str) -> tuple[Supervisee, ...] | None:
    if "current_supervisees" not in obj:
        return ()
    items = _list(obj, "current_supervisees", where)
    if items is None:
        return None
    supervisees = []
    for index, item in enumerate(items):
        at = f"{where}.current_supervisees[{index}]"
        item = _object(item, at, SUPERVISEE_FIELDS)
        supervisees.append(
            Supervisee(
                kind=_enum(item, "kind", at, CONTRACT_KINDS),
                extended_after_exam_failure=_bool(item, "extended_after_exam_failure", at, False),
            )
        )
    return tuple(supervisees)


def _supervisor(value: object) -> Supervisor:
    where = "supervisor"
    obj = _object(value, where, SUPERVISOR_FIELDS)
    return Supervisor(
        role=_required_enum(obj, "role", where, ROLES),
        status=_enum(obj, "status", where, STATUSES),
        volunteer=_bool(obj, "volunteer", where),
        good_character_attested=_bool(obj, "good_character_attested", where),
        birth_date=_date(obj, "birth_date", where),
        diplomas=_diplomas(obj, where),
        relevant_experience_months=_int(obj, "relevant_experience_months", where, 0),
        ett_experience_months=_int(obj, "ett_experience_months", where, 0),
        second_tutor=_bool(obj, "second_tutor", where, False),
        capacity_exemption_limit=_int(obj, "capacity_exemption_limit", where, 1),
        capacity_exemption_until=_date(obj, "capacity_exemption_until", where),
        current_supervisees=_supervisees(obj, where),
        master_activity_months=_int(obj, "master_activity_months", where, 0),
    )


def _trainee(value: object) -> Trainee:
    if value is None:
        return Trainee()
    where = "trainee"
    obj = _object(value, where, TRAINEE_FIELDS)
    return Trainee(
        birth_date=_date(obj, "birth_date", where),
        priority_public=_bool(obj, "priority_public", where),
        followed_by_referent=_bool(obj, "followed_by_referent", where),
        no_permanent_job_in_3_years=_bool(obj, "no_permanent_job_in_3_years", where),
    )


def parse_situation(obj: object) -> Situation:
    """A decoded JSON object as a typed Situation; raises SituationError (French message, field path)."""
    if type(obj) is not dict:
        raise SituationError(f"une situation doit être un objet JSON {{…}}, reçu {_shown(obj)}.", "")
    if not SITUATION_FIELDS.issuperset(obj):
        _unknown_field("", obj, SITUATION_FIELDS)
    # Sections in the order of the document, so that the first error reported is the first one a reader meets.
    contract = _contract(_required(obj, "contract", ""))
    employer = _employer(obj.get("employer"))
    supervisor = _supervisor(_required(obj, "supervisor", ""))
    trainee = _trainee(obj.get("trainee"))
    return Situation(contract=contract, supervisor=supervisor, employer=employer, trainee=trainee)


_JSON_PROBLEMS = (
    ("Expecting value", "valeur attendue"),
    ("Expecting property name enclosed in double quotes", 'nom de champ entre guillemets droits (") attendu'),
    ("Expecting ',' delimiter", "virgule attendue"),
    ("Expecting ':' delimiter", "deux-points attendu"),
    ("Unterminated string", "texte sans guillemet fermant"),
    ("Invalid control character", "caractère de contrôle dans un texte (un saut de ligne s'écrit \\n)"),
    ("Invalid \\uXXXX escape", "séquence \\u invalide"),
    ("Invalid \\escape", "séquence d'échappement invalide"),
    ("Extra data", "contenu en trop après la fin du document"),
    ("Illegal trailing comma", "virgule en trop avant la fermeture"),
    ("Unexpected UTF-8 BOM", "marque d'ordre d'octets (BOM) en tête du document"),
)


def decode_document(data: bytes) -> str:
    """Bytes (a file, a request body) as text: UTF-8, with or without a byte order mark."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SituationError(
            f"le document n'est pas encodé en UTF-8 (octet invalide à la position {error.start}).", ""
        ) from None


def load_document(text: str) -> object:
    """The decoded JSON, or a SituationError giving the line and column of the syntax error."""
    if not text.strip():
        raise SituationError("document vide : une situation (un objet JSON) ou une liste de situations attendue.", "")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        problem = next((fr for en, fr in _JSON_PROBLEMS if error.msg.startswith(en)), "syntaxe invalide")
        raise SituationError(f"JSON invalide, ligne {error.lineno}, colonne {error.colno} : {problem}.", "") from None
    except RecursionError:
        raise SituationError("JSON invalide : le document est trop profondément imbriqué.", "") from None
    except ValueError:
        # Integers past Python's 4,300 digits.
        raise SituationError("JSON invalide : un nombre est trop long.", "") from None


def parse_items(document: object) -> tuple[list[Situation | SituationError], bool]:
    """A decoded document (one situation, or a list of them) as situations or errors, in order; and whether it was a
    list."""
    if type(document) is list:
        return [_parse_or_error(item) for item in document], True
    if type(document) is dict:
        return [_parse_or_error(document)], False
    return [
        SituationError(
            f"le document doit contenir une situation (un objet JSON) ou une liste de situations, reçu "
            f"{_shown(document)}.",
            "",
        )
    ], False


def _parse_or_error(obj: object) -> Situation | SituationError:
    try:
        return parse_situation(obj)
    except SituationError as error:
        return error


def parse_document(text: str) -> tuple[list[Situation | SituationError], bool]:
    """The JSON text of one situation (an object) or of a list of them: the parsed items in order, and whether the
    document was a list. Invalid JSON gives a single SituationError with path ""."""
    try:
        document = load_document(text)
    except SituationError as error:
        return [error], False
    return parse_items(document)


# --- writing --------------------------------------------------------------------------------------------------------


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _basis(out: dict[str, Any], basis: LegalBasis) -> dict[str, Any]:
    out["legal_basis"] = basis.article
    out["legal_basis_version"] = basis.version
    if basis.note:
        out["legal_basis_note"] = basis.note
    return out


def decision_to_json(decision: Decision) -> dict[str, Any]:
    capacity = decision.capacity
    training = decision.funding.supervisor_training
    function = decision.funding.function
    probation = decision.probation_end
    return {
        "decision": decision.decision.value,
        "checks": [
            _basis({"code": check.code, "status": check.status.value, "message": check.message}, check.basis)
            for check in decision.checks
        ],
        "capacity": _basis(
            {
                "limit": capacity.limit,
                "extra_for_extended": capacity.extra_for_extended,
                "current": capacity.current,
                "status": capacity.status.value,
                "message": capacity.message,
            },
            capacity.basis,
        ),
        "funding": {
            "supervisor_training": _basis(
                {
                    "eur_per_hour": training.eur_per_hour,
                    "max_hours": training.max_hours,
                    "max_eur": training.max_eur,
                    "reason": training.reason,
                    "source": training.source,
                },
                training.basis,
            ),
            "function": _basis(
                {
                    "eur_per_month": function.eur_per_month,
                    "months": function.months,
                    "max_eur": function.max_eur,
                    "reason": function.reason,
                    "source": function.source,
                },
                function.basis,
            ),
        },
        "probation_end": None
        if probation is None
        else _basis(
            {"date": _iso(probation.date), "estimated": probation.estimated, "message": probation.message},
            probation.basis,
        ),
        "warnings": [
            _basis({"code": warning.code, "message": warning.message}, warning.basis) for warning in decision.warnings
        ],
        "rights": [
            _basis(
                {
                    "code": right.code,
                    "status": right.status.value,
                    "message": right.message,
                    "amount_eur": right.amount_eur,
                },
                right.basis,
            )
            for right in decision.rights
        ],
    }


def error_to_json(error: SituationError) -> dict[str, str]:
    return {"error": error.message, "path": error.path}


def answer_document(
    items: Sequence[Situation | SituationError], is_list: bool, decide: Callable[[Situation], Decision]
) -> tuple[Any, int]:
    """The answer to a parsed document, as the command and the API give it: a decision, or `{"error", "path"}`, at
    each situation's place (a list for a list, one object for one object); and how many could not be read."""
    answers: list[dict[str, Any]] = []
    errors = 0
    for item in items:
        if isinstance(item, SituationError):
            answers.append(error_to_json(item))
            errors += 1
        else:
            answers.append(decision_to_json(decide(item)))
    return (answers if is_list else answers[0]), errors


def _periods_to_json(periods: tuple[Period, ...] | None) -> list[dict[str, str]] | None:
    if periods is None:
        return None
    return [{"start": period.start.isoformat(), "end": period.end.isoformat()} for period in periods]


def _value(member: StrEnum | None) -> str | None:
    return None if member is None else member.value


def situation_to_json(situation: Situation) -> dict[str, Any]:
    """The inverse of parse_situation: every field written, null for an unknown fact."""
    contract = situation.contract
    employer = situation.employer
    supervisor = situation.supervisor
    trainee = situation.trainee
    return {
        "contract": {
            "kind": contract.kind.value,
            "signature_date": _iso(contract.signature_date),
            "start_date": contract.start_date.isoformat(),
            "end_date": _iso(contract.end_date),
            "certification_level": contract.certification_level,
            "certification_nsf": contract.certification_nsf,
            "extended_after_exam_failure": contract.extended_after_exam_failure,
            "cfa_periods": _periods_to_json(contract.cfa_periods),
            "sick_leaves": _periods_to_json(contract.sick_leaves),
        },
        "employer": {
            "kind": _value(employer.kind),
            "headcount": employer.headcount,
            "idcc": employer.idcc,
            "opco": employer.opco,
        },
        "supervisor": {
            "role": supervisor.role.value,
            "status": _value(supervisor.status),
            "volunteer": supervisor.volunteer,
            "good_character_attested": supervisor.good_character_attested,
            "birth_date": _iso(supervisor.birth_date),
            "diplomas": None
            if supervisor.diplomas is None
            else [{"level": diploma.level, "nsf": diploma.nsf} for diploma in supervisor.diplomas],
            "relevant_experience_months": supervisor.relevant_experience_months,
            "ett_experience_months": supervisor.ett_experience_months,
            "second_tutor": supervisor.second_tutor,
            "capacity_exemption_limit": supervisor.capacity_exemption_limit,
            "capacity_exemption_until": _iso(supervisor.capacity_exemption_until),
            "current_supervisees": None
            if supervisor.current_supervisees is None
            else [
                {"kind": _value(other.kind), "extended_after_exam_failure": other.extended_after_exam_failure}
                for other in supervisor.current_supervisees
            ],
            "master_activity_months": supervisor.master_activity_months,
        },
        "trainee": {
            "birth_date": _iso(trainee.birth_date),
            "priority_public": trainee.priority_public,
            "followed_by_referent": trainee.followed_by_referent,
            "no_permanent_job_in_3_years": trainee.no_permanent_job_in_3_years,
        },
    }
