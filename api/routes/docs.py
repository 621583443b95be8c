"""The API's interactive documentation (Swagger UI), served from our own static files.

Swagger UI comes from npm (swagger-ui-dist, pinned in package.json) like the pages' other
libraries, so /docs works offline and under the pages' content security policy: the page
loads only our scripts; its settings live in /static/js/docs.js, not inline.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.web import templates

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI over this app's OpenAPI document."""
    context = {"openapi_url": request.app.openapi_url, "title": request.app.title}
    return templates.TemplateResponse(request, "docs.html", context)
