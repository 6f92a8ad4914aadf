from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

# The browse pages' world: two areas (Lille, Arras), each with a company, a CFA, a master, an apprentice, a contract.
from tests.www.browse.conftest import (  # noqa: F401
    animator,
    animator_of,
    arras_animator,
    lille_animator,
    regional,
    world,
)


def download(client, user, url):
    """The response and its whole body, the stream consumed as a browser would."""
    client.force_login(user)
    response = client.get(url)
    # Consuming the stream closes the response (the test client's wrapper). Closing it again would send
    # request_finished with the connection-closing receiver back on: PostgreSQL's test connection would be closed.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "a CSV for Excel starts with the UTF-8 BOM"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def xlsx_rows(body: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


def column(rows: list, header: str) -> list:
    """The values of one column, by its header."""
    index = list(rows[0]).index(header)
    return [row[index] for row in rows[1:]]
