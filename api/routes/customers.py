"""Customers: CRUD, CSV import/export, invitations and erasure."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.responses import StreamingResponse
from starlette.datastructures import UploadFile

from api.deps import (
    AUTH_RESPONSES,
    CUSTOMER_NOT_FOUND,
    AdminDep,
    CustomerId,
    DbDep,
    Limit,
    Offset,
    ReaderDep,
    ReadersDep,
    SettingsDep,
    TrackerDep,
    tracker_transaction,
)
from api.downloads import csv_download
from api.schemas import (
    CustomerCreate,
    CustomerPublic,
    CustomersPublic,
    CustomerUpdate,
    ErasurePublic,
    ImportResult,
    InvitationPublic,
)
from assistant import customers
from assistant.invitations import create_invitation, revoke_invitation

router = APIRouter(prefix="/customers", tags=["customers"], responses=AUTH_RESPONSES)

Filter = Annotated[str | None, Query(min_length=1, max_length=100)]


@router.get("", response_model=CustomersPublic)
def list_customers(
    db: DbDep, _: ReaderDep, industry: Filter = None, region: Filter = None,
    size: Filter = None, q: Filter = None, limit: Limit = 50, offset: Offset = 0,
) -> CustomersPublic:  # fmt: skip
    """Customers ordered by id, filtered by attribute or by part of the name/external id."""
    where = customers.CustomerFilter(industry=industry, region=region, size=size, q=q)
    rows, count = customers.list_customers(db, where, limit=limit, offset=offset)
    return CustomersPublic(
        data=[CustomerPublic.model_validate(c) for c in rows], count=count, limit=limit,
        offset=offset,
    )  # fmt: skip


@router.post(
    "", response_model=CustomerPublic, status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "The external id is already in use."}},
)  # fmt: skip
def create_customer(db: DbDep, _: AdminDep, body: CustomerCreate) -> CustomerPublic:
    """Create a customer."""
    return CustomerPublic.model_validate(customers.create_customer(db, **body.model_dump()))


@router.get("/export", response_class=StreamingResponse)
def export_customers(readers: ReadersDep, _: ReaderDep) -> StreamingResponse:
    """All customers as CSV in UTF-8 with a byte-order mark, as spreadsheets expect
    (columns external_id, name, industry, region, size, language)."""

    def rows() -> Iterator[str]:
        with readers() as session:
            yield from customers.export_csv(session)

    return csv_download(rows(), "customers.csv")


CSV_BODY = {
    "required": True,
    "content": {
        "text/csv": {"schema": {"type": "string", "description": "CSV with a header row."}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
    },
}
# `curl --data-binary @customers.csv` labels the body as a form; it is the file all the same.
RAW_KINDS = ("application/octet-stream", "application/x-www-form-urlencoded")
NO_FILE = "Send the CSV file in a form field named file (curl -F file=@customers.csv)."
NOT_CSV = "Send CSV as text/csv, or as a file upload (multipart/form-data, field file)."


async def csv_upload(request: Request) -> bytes:
    """The CSV's bytes: the request body, or the `file` field of a multipart form."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        async with request.form() as form:  # closes the spooled file after reading
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise HTTPException(422, NO_FILE)
            return await upload.read()
    if kind and not kind.startswith("text/") and kind not in RAW_KINDS:
        raise HTTPException(415, NOT_CSV)
    return await request.body()


@router.post(
    "/import", response_model=ImportResult, openapi_extra={"requestBody": CSV_BODY},
    responses={
        415: {"description": "Neither CSV text nor a multipart file upload."},
        422: {"description": "Errors in the file, each with its line; nothing imported."},
    },
)  # fmt: skip
def import_customers(
    db: DbDep, _: AdminDep, data: Annotated[bytes, Depends(csv_upload)]
) -> ImportResult:
    """Create or update customers by external id from CSV: all rows or none.

    The body is the CSV text, or a form with the file (`curl -F file=@customers.csv`). It
    is UTF-8, with or without a byte-order mark; commas, semicolons or tabs separate the
    values (read from the header line). Columns external_id and name, optionally industry,
    region, size and language (en or da, also da-DK; empty: not known); a column left out
    keeps what is stored."""
    created, updated = customers.import_csv(db, customers.decode_csv(data))
    return ImportResult(created=created, updated=updated)


@router.get("/{customer_id}", response_model=CustomerPublic, responses=CUSTOMER_NOT_FOUND)
def read_customer(db: DbDep, _: ReaderDep, customer_id: CustomerId) -> CustomerPublic:
    """One customer."""
    return CustomerPublic.model_validate(customers.get_customer(db, customer_id))


@router.patch(
    "/{customer_id}", response_model=CustomerPublic,
    responses={
        **CUSTOMER_NOT_FOUND, 409: {"description": "The new external id is already in use."}
    },
)  # fmt: skip
def update_customer(
    db: DbDep, _: AdminDep, customer_id: CustomerId, body: CustomerUpdate
) -> CustomerPublic:
    """Change some of a customer's fields."""
    changes = body.model_dump(exclude_unset=True)
    for required in ("external_id", "name"):
        if required in changes and changes[required] is None:
            del changes[required]
    return CustomerPublic.model_validate(customers.update_customer(db, customer_id, **changes))


@router.delete("/{customer_id}", response_model=ErasurePublic, responses=CUSTOMER_NOT_FOUND)
def erase_customer(
    db: DbDep, tracker: TrackerDep, caller: AdminDep, customer_id: CustomerId
) -> ErasurePublic:
    """Erase a customer and everything recorded about them (GDPR request)."""
    with tracker_transaction(tracker) as connection:
        erased = customers.erase_customer(db, customer_id, tracker=connection, actor=caller.actor)
    return ErasurePublic(customer_id=customer_id, interviews_erased=erased)


@router.post(
    "/{customer_id}/invitations", response_model=InvitationPublic,
    status_code=status.HTTP_201_CREATED, responses=CUSTOMER_NOT_FOUND,
)  # fmt: skip
def invite(
    db: DbDep, settings: SettingsDep, caller: ReaderDep, customer_id: CustomerId
) -> InvitationPublic:
    """A guided-interview link for the customer, for one conversation; the chat it opens
    carries them as customer. The token is in the URL's fragment, which browsers never send
    to a server, so it stays out of access logs."""
    issued = create_invitation(
        db, customer_id, valid_days=settings.invitation_days, actor=caller.actor
    )
    return InvitationPublic(
        id=issued.id, token=issued.token, url=f"{settings.api_url}/chat#invite={issued.token}",
        customer_id=issued.customer_id, expires_at=issued.expires_at,
    )  # fmt: skip


@router.delete(
    "/{customer_id}/invitations/{invitation_id}", status_code=status.HTTP_204_NO_CONTENT,
    responses={404: {"description": "No invitation with this id for this customer."}},
)  # fmt: skip
def revoke(
    db: DbDep, caller: ReaderDep, customer_id: CustomerId, invitation_id: CustomerId
) -> None:
    """Withdraw an invitation: its link opens nothing from now on."""
    revoke_invitation(db, customer_id, invitation_id, actor=caller.actor)
