"""CSV files the API and the pages hand out, streamed a chunk at a time."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from fastapi.responses import StreamingResponse

__all__ = ["csv_download"]


def csv_download(chunks: Iterator[str], filename: str) -> StreamingResponse:
    """`chunks` (a generator that queries the database before its first chunk) as a CSV
    download. Its first chunk is read here, before the answer starts: a query that fails is
    an error answer, not a file cut short after a 200."""
    first = next(chunks, "")
    return StreamingResponse(
        chain([first], chunks), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )  # fmt: skip
