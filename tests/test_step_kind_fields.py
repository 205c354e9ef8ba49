"""Which kind-specific keys each kind of step may have (``Step._fields_fit_kind``), key by key."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from schillen.model import KIND_FIELDS, Step, StepKind

VALUES: dict[str, Any] = {
    "next": "verder",
    "branches": {"ja": "verder"},
    "default": "verder",
    "timer": {"within": 5, "unit": "weeks"},
    "call": "andere-fiche",
    "actor": "loket",
    "deadline": {"within": 30, "unit": "calendar_days"},
    "register": [{"read": "Adres"}],
}
"""A valid value for each kind-specific key."""


def _errors(kind: StepKind, **keys: Any) -> list[dict[str, Any]]:
    data = {"kind": kind.value, "name": "Stap", **keys}
    if kind is StepKind.CALL:
        data.setdefault("call", "andere-fiche")
    try:
        Step.model_validate(data)
    except ValidationError as exc:
        return exc.errors(include_url=False)
    return []


@pytest.mark.parametrize("kind", list(StepKind))
@pytest.mark.parametrize("key", list(VALUES))
def test_a_key_is_refused_exactly_where_the_kind_does_not_have_it(kind: StepKind, key: str) -> None:
    errors = _errors(kind, **{key: VALUES[key]})
    if key in KIND_FIELDS[kind]:
        assert errors == []
    else:
        assert [(e["type"], e["ctx"]["kind"], e["ctx"]["field"]) for e in errors] == [
            ("field-not-for-kind", kind.value, key)]


def test_the_first_refused_key_in_the_order_of_the_keys_is_named() -> None:
    errors = _errors(StepKind.END, register=VALUES["register"], timer=VALUES["timer"], next="verder")
    assert [(e["ctx"]["field"], e["ctx"]["allowed"]) for e in errors] == [("next", "actor, deadline, register")]


def test_a_call_needs_the_fiche_it_calls() -> None:
    assert [e["type"] for e in _errors(StepKind.CALL, call=None)] == ["empty"]
    with pytest.raises(ValidationError, match="call without fiche"):
        Step.model_validate({"kind": "call", "name": "Stap"})
