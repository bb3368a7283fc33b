"""One error shape for REST, the same as the WebSocket `error` message."""

from __future__ import annotations

import sys

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

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
    status: {"model": ErrorResponse} for status in (401, 403, 404, 409, 413, 422, 429, 503)
}


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
        code = {401: ErrorCode.UNAUTHENTICATED, 403: ErrorCode.FORBIDDEN, 404: ErrorCode.NOT_FOUND,
                413: ErrorCode.TOO_LARGE}.get(exc.status_code, ErrorCode.INVALID)
        response = error_response(code, str(exc.detail))
        response.status_code = exc.status_code
        return response

    app.add_exception_handler(ProtocolError, on_protocol_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
