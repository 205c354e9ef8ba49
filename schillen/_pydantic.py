"""What the pydantic models of every authored file share: bilingual field help and a strict base.

Used by the fiche model (:mod:`schillen.model`) and the register interface
model (:mod:`schillen.registers.model`); ``schillen.model.doc`` stays importable.

Examples:
    >>> doc("Titel.", "Title.")["description"]
    'Titel.\\n\\nTitle.'
    >>> class Point(Model):
    ...     x: int = 0
    >>> Point(x=None)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Point
    x
      a key without a value [type=empty, input_value=None, input_type=NoneType]
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic_core import PydanticCustomError

__all__ = ["Model", "doc"]


def doc(nl: str, en: str) -> dict[str, Any]:
    """Field keyword arguments for a description in Dutch and English.

    The JSON Schema ``description`` holds both (editors show it on hover);
    ``x-description-nl``/``x-description-en`` keep them apart for tools.
    """
    return {
        "description": f"{nl}\n\n{en}",
        "json_schema_extra": {"x-description-nl": nl, "x-description-en": en},
    }


class Model(BaseModel):
    """The base of every model of an authored file: no unknown keys, no keys left empty.

    Fields are filled by name or alias; a subclass may add to ``model_config``
    (pydantic merges it with this one), e.g. ``frozen=True``.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @field_validator("*", mode="before")
    @classmethod
    def _not_left_empty(cls, value: Any) -> Any:
        """A key written without a value is a mistake, even where the key may be left out."""
        if value is None:
            raise PydanticCustomError("empty", "a key without a value")
        return value
