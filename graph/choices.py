"""What an analyst may pick from the model's vocabulary (tie types, kinds, labels, statuses), checked
the same way for the HTTP query and the command line: an unknown word is InvalidInput naming the
field and what is allowed.

>>> tie_types(["OWNS,HAS_ROLE"])
['OWNS', 'HAS_ROLE']
>>> statuses(None) is None
True
"""

from __future__ import annotations

from graph.errors import InvalidInput
from graph.model import MODEL


def split_list(values: list[str] | str | None) -> list[str]:
    """`?types=OWNS,HAS_ROLE` and `?types=OWNS&types=HAS_ROLE` mean the same."""
    if isinstance(values, str):
        values = [values]
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def tie_types(values: list[str] | str | None, field: str = "types") -> list[str] | None:
    """The tie types chosen, or None for every one (MENTIONS is never a choice)."""
    chosen = split_list(values)
    bad = [t for t in chosen if t not in MODEL.provenance_types]
    if bad:
        raise InvalidInput([(field, f"unknown tie types {bad}; expected some of {MODEL.provenance_types}")])
    return chosen or None


def kinds(values: list[str] | str | None, field: str = "kinds") -> list[str] | None:
    chosen = split_list(values)
    bad = [k for k in chosen if k not in MODEL.entity_kinds]
    if bad:
        raise InvalidInput([(field, f"unknown kinds {bad}; expected some of {MODEL.entity_kinds}")])
    return chosen or None


def kind(value: str | None, field: str = "kind") -> str | None:
    if value is not None and value not in MODEL.entity_kinds:
        raise InvalidInput([(field, f"unknown kind {value!r}; expected one of {MODEL.entity_kinds}")])
    return value


def label(value: str | None, field: str = "label") -> str | None:
    if value is not None and value not in MODEL.all_labels:
        raise InvalidInput([(field, f"unknown label {value!r}; expected one of {sorted(MODEL.all_labels)}")])
    return value


def statuses(values: list[str] | str | None, field: str = "status") -> list[str] | None:
    """The statuses chosen, or None: the question's own policy then applies (graph/answers.py)."""
    chosen = split_list(values)
    bad = [s for s in chosen if s not in MODEL.statuses]
    if bad:
        raise InvalidInput([(field, f"unknown statuses {bad}; expected some of {sorted(MODEL.statuses)}")])
    return chosen or None
