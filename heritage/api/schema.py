"""Additions to the generated OpenAPI schema."""

import copy

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error answers with this body (see heritage/api/errors.py).",
    "properties": {
        "status": {"type": "integer", "example": 404},
        "code": {"type": "string", "example": "not_found"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "On 400: the invalid query parameters and what is wrong with each.",
            "additionalProperties": True,
        },
        "retry_after": {
            "type": "integer",
            "nullable": True,
            "description": "On 429: seconds to wait before trying again.",
        },
    },
    "required": ["status", "code", "detail"],
}

# Free text: something other than spaces (parameters.py refuses blank values; Python's \s
# and str.strip() agree on what a space is) and no NUL (Django refuses it in form input).
TEXT_PATTERN = "^[^\\x00]*[^\\x00\\s][^\\x00]*$"

# Endpoints without downloads still accept `?format=json` (a browser user forcing JSON).
JSON_ONLY_FORMAT = {
    "name": "format",
    "in": "query",
    "required": False,
    "description": "json, the only format of this endpoint.",
    "schema": {"type": "string", "enum": ["json"]},
}

ERRORS = {
    "400": "A query parameter is not valid (a filter value, an ordering, a format this "
    "endpoint does not offer).",
    "404": "No such record, or a page past the last one. Hidden records answer the same.",
    "406": "No format this endpoint offers matches the Accept header (and no `format` was "
    "given: it wins over Accept).",
    "429": "Too many requests from this address: wait `retry_after` seconds.",
}


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: declare the error responses every operation can
    give, with their one body shape, so that clients (and schema checks) know them."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            parameters = operation.setdefault("parameters", [])
            if not any(parameter["name"] == "format" for parameter in parameters):
                parameters.append(copy.deepcopy(JSON_ONLY_FORMAT))
                parameters.sort(key=lambda parameter: parameter["name"])  # as generated
            for parameter in parameters:
                schema = parameter.get("schema", {})
                if schema.get("type") == "string" and not (
                    {"enum", "format", "pattern"} & set(schema)
                ):
                    schema["pattern"] = TEXT_PATTERN
                if schema.get("type") == "string" and "enum" not in schema:
                    # An empty value is refused (400), like any other invalid one
                    # (parameters.py); leave the parameter out instead.
                    schema["minLength"] = 1
            responses = operation.setdefault("responses", {})
            for status_code, description in ERRORS.items():
                responses.setdefault(
                    status_code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result
