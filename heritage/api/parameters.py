"""The query string contract: every endpoint names the parameters it accepts, and refuses
the rest. A misspelled filter (`?evnt_type=destroyed`) answered like no filter at all is a
wrong answer the consumer cannot see; an empty value (`?updated_since=`) is either a client
bug or a form left blank, and the schema declares it invalid. Both are a 400 naming the
parameter, in the API's error body, before any data is read."""

import difflib
import re

from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

# jQuery's `cache: false` (and many scripts copying it) adds `_=<timestamp>` to bypass
# caches. It never filters, so it is allowed on every endpoint, with any value, and ignored.
CACHE_BUSTER = "_"

EMPTY_MESSAGE = "Empty (or only spaces). Give a value, or leave the parameter out."


def check_query_parameters(request, accepted: list[str]) -> None:
    """Refuse (400) parameters not in `accepted` and parameters given with an empty (or
    all-space) value."""
    errors = {}
    for name in request.query_params:
        if name == CACHE_BUSTER:
            continue
        if name not in accepted:
            errors[name] = [unknown_parameter_message(name, accepted)]
        elif any(not value.strip() for value in request.query_params.getlist(name)):
            # Django's form fields strip spaces, so "  " would filter like "" (not at all).
            errors[name] = [EMPTY_MESSAGE]
    if errors:
        raise ValidationError(errors)


def unknown_parameter_message(name: str, accepted: list[str]) -> str:
    guess = difflib.get_close_matches(name, accepted, n=1)
    hint = f" Did you mean {guess[0]}?" if guess else ""
    return f"Unknown parameter.{hint} Accepted here: {', '.join(accepted)}."


class StrictOrderingFilter(OrderingFilter):
    """`?ordering=field,-other`: only the allow-listed fields, `-` for descending. An unknown
    field is refused (DRF drops it silently and orders by the default), then the primary key
    is appended so that pages never overlap."""

    def ordering_pattern(self, view) -> str:
        """The whole value, as the schema declares it and the filter checks it (the same
        regular expression, so they cannot disagree); spaces around terms are tolerated."""
        terms = "|".join(re.escape(field) for field in self.field_names(view))
        term = f" *-?(?:{terms}) *"
        return f"^{term}(?:,{term})*$"

    @staticmethod
    def field_names(view) -> list[str]:
        return list(view.ordering_fields)

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw is None:
            ordering = list(self.get_default_ordering(view) or [])
        else:
            # re.search, not fullmatch: JSON Schema validators in Python read a pattern so.
            if not re.search(self.ordering_pattern(view), raw):
                raise ValidationError({self.ordering_param: [self.invalid_message(raw, view)]})
            ordering = [term.strip() for term in raw.split(",")]
        if not any(field.lstrip("-") in ("pk", "id") for field in ordering):
            ordering.append("pk")
        return ordering

    def invalid_message(self, raw: str, view) -> str:
        fields = self.field_names(view)
        if not raw:
            return EMPTY_MESSAGE
        unknown = [
            term.strip() for term in raw.split(",") if term.strip().removeprefix("-") not in fields
        ]
        named = ", ".join(repr(term) for term in unknown) or repr(raw)
        return (
            f"Unknown ordering {named}. Order by: {', '.join(fields)} (comma-separated; "
            "prefix - for descending)."
        )

    def get_schema_operation_parameters(self, view):
        fields = self.field_names(view)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": f"Order by {', '.join(fields)}: one or several, comma-separated, "
                f"`-` for descending (e.g. `-{fields[0]},{fields[-1]}`). Default: "
                f"{','.join(view.ordering)}.",
                "schema": {"type": "string", "pattern": self.ordering_pattern(view)},
            }
        ]
