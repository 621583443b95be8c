"""CSV as spreadsheets write it: byte-order mark, semicolons or tabs, Excel's `sep=` line,
other encodings refused with the line; the export starts with a byte-order mark."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from assistant.customers import decode_csv, export_csv, import_csv
from assistant.errors import InvalidCsv
from assistant.store.models import Customer

HEADER = ["external_id", "name", "industry", "region", "size", "language"]


@pytest.fixture
def session(sessions):
    with sessions() as session:
        yield session


def stored(session) -> list[tuple]:
    return [
        (c.external_id, c.name, c.industry, c.region, c.size)
        for c in session.scalars(select(Customer).order_by(Customer.external_id))
    ]


@pytest.mark.parametrize(
    "data",
    [
        b'external_id,name,industry\r\nA1,Alpha,food\r\nB2,"Beta, Inc",\r\n',
        # Excel's "CSV UTF-8" on a German or French system: BOM and semicolons.
        b"\xef\xbb\xbfexternal_id;name;industry\r\nA1;Alpha;food\r\nB2;Beta, Inc;\r\n",
        # Excel's hint line names the separator; values may then hold commas.
        b"sep=;\r\nexternal_id;name;industry\r\nA1;Alpha;food\r\nB2;Beta, Inc;\r\n",
        # Copied from a spreadsheet: tabs; padded header names.
        b"external_id\t name \tindustry\nA1\tAlpha\tfood\nB2\tBeta, Inc\t\n",
    ],
    ids=["comma", "bom-semicolon", "sep-line", "tab"],
)
def test_spreadsheet_dialects_import_alike(session, data):
    assert import_csv(session, decode_csv(data)) == (2, 0)

    assert stored(session) == [
        ("A1", "Alpha", "food", None, None),
        ("B2", "Beta, Inc", None, None, None),
    ]


def test_errors_after_a_sep_line_name_the_files_own_lines(session):
    text = "sep=;\nexternal_id;name\nA1;Alpha\n;No id\n"

    with pytest.raises(InvalidCsv) as caught:
        import_csv(session, text)

    assert caught.value.errors == [(4, "external_id is empty")]
    assert stored(session) == []


def test_a_semicolon_file_with_a_missing_column_names_it(session):
    with pytest.raises(InvalidCsv) as caught:
        import_csv(session, decode_csv(b"\xef\xbb\xbfexternal_id;title\nA1;x\n"))

    assert caught.value.errors == [(1, "missing column(s): name")]


def test_a_file_not_in_utf8_is_refused_with_its_line(session):
    latin1 = "external_id,name\nA1,Alpha\nM2,Müller GmbH\n".encode("cp1252")

    with pytest.raises(InvalidCsv) as caught:
        decode_csv(latin1)

    ((line, message),) = caught.value.errors
    assert line == 3 and "not UTF-8" in message and "CSV UTF-8" in message


def test_export_starts_with_a_bom_and_reads_back(session):
    import_csv(session, "external_id;name;region\nA1;Älpha; Nord\n")

    text = "".join(export_csv(session))

    assert text.startswith("\ufeffexternal_id,")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [HEADER, ["A1", "Älpha", "", "Nord", "", ""]]
    assert import_csv(session, text) == (0, 1)  # our own export imports as it is


def languages(session) -> dict[str, str | None]:
    return {c.external_id: c.language for c in session.scalars(select(Customer))}


def test_the_language_column_takes_codes_and_locales_in_any_case(session):
    text = "\ufeffexternal_id;name;language\nA1;Alpha;da\nB2;Beta;DA-dk\nC3;Gamma; EN \nD4;Delta;\n"

    assert import_csv(session, text) == (4, 0)

    assert languages(session) == {"A1": "da", "B2": "da", "C3": "en", "D4": None}


def test_a_language_the_interviews_do_not_speak_is_refused_by_line_and_nothing_imported(session):
    text = "external_id,name,language\nA1,Alpha,da\nB2,Beta,Danish\nC3,Gamma,de\n"

    with pytest.raises(InvalidCsv) as caught:
        import_csv(session, text)

    assert caught.value.errors == [
        (3, "language 'Danish' is not one the interviews speak: use en or da, or leave it empty "
         "when not known"),
        (4, "language 'de' is not one the interviews speak: use en or da, or leave it empty "
         "when not known"),
    ]  # fmt: skip
    assert stored(session) == []


def test_a_file_without_the_language_column_keeps_each_customers_language(session):
    import_csv(session, "external_id,name,language\nA1,Alpha,da\nB2,Beta,en\n")

    assert import_csv(session, "external_id,name\nA1,Alpha A/S\nB2,Beta\n") == (0, 2)
    assert languages(session) == {"A1": "da", "B2": "en"}
    # An empty cell in the column says the language is not known (any more).
    import_csv(session, "external_id,name,language\nA1,Alpha A/S,\n")
    assert languages(session) == {"A1": None, "B2": "en"}


def test_the_export_carries_the_language_and_reads_back(session):
    import_csv(session, "external_id,name,language\nA1,Ærø Bryg,da\nB2,Beta,\n")

    text = "".join(export_csv(session))

    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [HEADER, ["A1", "Ærø Bryg", "", "", "", "da"], ["B2", "Beta", "", "", "", ""]]
    assert import_csv(session, text) == (0, 2)
    assert languages(session) == {"A1": "da", "B2": None}
