"""One error shape for REST, the same as the WebSocket `error` message."""

from __future__ import annotations

import sys

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.routing import compile_path

from server.redact import redact
from wall_protocol.errors import ErrorCode, ProtocolError, describe_errors

STATUS = {
    ErrorCode.BAD_JSON: 400,
    ErrorCode.UNKNOWN_TYPE: 400,
    ErrorCode.INVALID: 422,
    ErrorCode.TOO_LARGE: 413,
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.UNAVAILABLE: 504,
    ErrorCode.LIMIT: 429,
    ErrorCode.BUSY: 503,
    ErrorCode.INTERNAL: 500,
}


class ErrorBody(BaseModel):
    code: str
    message: str
    field: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorResponse} for status in (400, 401, 403, 404, 409, 413, 422, 429, 503)
}
"""Every gated route may answer these (400: a body that is not JSON), in the error envelope."""


def error_response(code: ErrorCode, message: str, field: str | None = None, *,
                   retry_after_s: float | None = None) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(code=code.value, message=redact(message), field=field))
    response = JSONResponse(body.model_dump(), status_code=STATUS[code])
    if retry_after_s is not None:
        response.headers["Retry-After"] = str(max(1, round(retry_after_s)))
    return response


def unreadable_body(exc: HTTPException) -> str:
    """What is wrong with a JSON body FastAPI could not parse ("There was an error parsing the body"), or "".

    FastAPI answers a JSON syntax error itself (a validation error naming the position); what its parser
    raises otherwise arrives here as the HTTPException's cause.
    """
    cause = exc.__cause__
    if isinstance(cause, UnicodeDecodeError):
        byte = cause.object[cause.start:cause.start + 1].hex()
        return f"the body is not valid UTF-8 JSON (byte 0x{byte} at offset {cause.start}: {cause.reason})"
    if isinstance(cause, RecursionError):
        return (f"the body's JSON is nested too deeply (the parser stops near {sys.getrecursionlimit()} levels of "
                "arrays and objects)")
    return ""


def _allowed_methods(request: Request) -> str:
    """The methods some route of the request's path answers, e.g. 'GET, POST'."""
    table = getattr(request.app.state, "methods_by_path", None)
    if table is None:  # made at the first 405: every route, included routers' too, with its path's pattern
        table = [(compile_path(route.path)[0], frozenset(route.methods or ()))
                 for route in iter_route_contexts(request.app.routes) if route.path]
        request.app.state.methods_by_path = table
    path = request.scope["path"]
    return ", ".join(sorted({method for pattern, methods in table if pattern.match(path) for method in methods}))


def install(app: FastAPI) -> None:
    async def on_protocol_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProtocolError)
        request.app.state.core.observed.refused(exc.code.value)
        headers = {"WWW-Authenticate": "Bearer"} if exc.code is ErrorCode.UNAUTHENTICATED else None
        response = error_response(exc.code, exc.message, exc.field, retry_after_s=exc.retry_after_s)
        if headers:
            response.headers.update(headers)
        return response

    async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        # Errors in the body are named as the document writes them (a layout's tile by its id).
        in_body = [{**e, "loc": tuple(e["loc"])[1:]} for e in exc.errors() if tuple(e["loc"])[:1] == ("body",)]
        elsewhere = [e for e in exc.errors() if tuple(e["loc"])[:1] != ("body",)]
        text, field = describe_errors(elsewhere + in_body if elsewhere else in_body, limit=5,
                                      data=exc.body if not elsewhere else None)
        request.app.state.core.observed.refused(ErrorCode.INVALID.value)
        return error_response(ErrorCode.INVALID, text.replace("(message)", "body"),
                              None if field == "(message)" else field)

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        if isinstance(exc.__cause__, ProtocolError):  # raised while FastAPI read the body (server/app.py BodyLimit)
            return await on_protocol_error(request, exc.__cause__)
        unreadable = unreadable_body(exc)
        if unreadable:
            request.app.state.core.observed.refused(ErrorCode.BAD_JSON.value)
            return error_response(ErrorCode.BAD_JSON, unreadable)
        code = {400: ErrorCode.BAD_JSON, 401: ErrorCode.UNAUTHENTICATED, 403: ErrorCode.FORBIDDEN,
                404: ErrorCode.NOT_FOUND, 413: ErrorCode.TOO_LARGE}.get(exc.status_code, ErrorCode.INVALID)
        message, headers = str(exc.detail), dict(exc.headers or {})
        if exc.status_code == 405:
            # RFC 9110: a 405 names what is allowed, over every route of the path (GET and POST of
            # /api/v1/alerts are two routes; Starlette's own header names only the first).
            headers["Allow"] = _allowed_methods(request)
            message = f"{request.method} is not allowed here; allowed: {headers['Allow'] or 'none'}"
        elif exc.status_code == 400 and message == "There was an error parsing the body":
            message = "the body is not valid JSON"
        response = error_response(code, message)
        response.status_code = exc.status_code
        response.headers.update(headers)
        return response

    app.add_exception_handler(ProtocolError, on_protocol_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
