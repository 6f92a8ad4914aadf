"""Small shared output schemas: what one object shows of another it refers to (ids, names, codes; no more)."""

from __future__ import annotations

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str = Field(description="Message d'erreur en français.")


class ParameterErrorOut(Schema):
    parameter: str = Field(description="Paramètre en cause.")
    location: str = Field(description="Où il se trouve : query (chaîne de requête), path (chemin)…")
    message: str = Field(description="Ce qui ne va pas, en français.")


class ValidationErrorOut(ErrorOut):
    errors: list[ParameterErrorOut]


class AreaRef(Schema):
    code: str = Field(description="Code INSEE de la zone d'emploi (2020).")
    name: str = Field(description="Nom de la zone d'emploi.")


class CommuneRef(Schema):
    insee_code: str = Field(description="Code INSEE de la commune.")
    name: str = Field(description="Nom de la commune.")


class CompanyRef(Schema):
    id: int
    siret: str = Field(description="SIRET de l'établissement (14 chiffres).")
    name: str = Field(description="Raison sociale.")


class TrainingCentreRef(Schema):
    id: int
    uai: str = Field(description="Code UAI du CFA.")
    name: str = Field(description="Nom du CFA.")


class PersonRef(Schema):
    id: int
    first_name: str = Field(description="Prénom.")
    last_name: str = Field(description="Nom.")


class CertificationRef(Schema):
    rncp_code: str = Field(description="Code RNCP.")
    title: str = Field(description="Intitulé.")
    level: int = Field(description="Niveau (1 à 8).")


# The answers every authenticated operation may give besides its own.
ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 422: ValidationErrorOut}
ERRORS_WITH_404: dict[int, type[Schema]] = ERRORS | {404: ErrorOut}
