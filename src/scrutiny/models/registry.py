"""Model type → model. Built-in models register here exactly as a council's own model would."""

from __future__ import annotations

from scrutiny.domain.distributions import is_random
from scrutiny.domain.proposal_file import ProposalFile
from scrutiny.errors import Problem
from scrutiny.models.base import InputSpec, ServiceModel

_MODELS: dict[str, ServiceModel] = {}


def register(model: ServiceModel) -> ServiceModel:
    """Add a model; a second model under the same name is refused."""
    if model.name in _MODELS and type(_MODELS[model.name]) is not type(model):
        raise ValueError(f"a model named {model.name!r} is already registered")
    _MODELS[model.name] = model
    return model


def unregister(name: str) -> None:
    """Remove a model (a council's extension being unloaded, or a test's own model)."""
    _MODELS.pop(name, None)


def _load_builtins() -> None:
    # Importing the modules registers them; done lazily so nothing happens at import.
    from scrutiny.models import builtins  # noqa: F401


def get(name: str) -> ServiceModel:
    _load_builtins()
    try:
        return _MODELS[name]
    except KeyError:
        raise KeyError(f"unknown model {name!r}; known: {', '.join(names())}") from None


def names() -> list[str]:
    _load_builtins()
    return sorted(_MODELS)


def input_spec(model: str, name: str) -> InputSpec | None:
    """The declaration of input `name` of model type `model`; None when either is not known."""
    _load_builtins()
    found = _MODELS.get(model)
    if found is None:
        return None
    try:
        return found.input(name)
    except KeyError:
        return None


def all_models() -> list[ServiceModel]:
    return [get(n) for n in names()]


def check_model_inputs(pf: ProposalFile) -> list[Problem]:
    """Every proposal's model type is known, its inputs are named in the model's table, required
    inputs are given, and fixed values and distribution supports lie within the input's bounds."""
    _load_builtins()
    problems: list[Problem] = []
    for i, p in enumerate(pf.proposals):
        if p.model is None:
            continue
        base = f"proposals[{i}].model"
        model = _MODELS.get(p.model.type)
        if model is None:
            problems.append(
                Problem(
                    f"{base}.type",
                    f"unknown model {p.model.type!r}; known: {', '.join(names())}",
                    p.ref,
                )
            )
            continue
        known = {s.name for s in model.inputs}
        for name in p.model.inputs:
            if name not in known:
                problems.append(
                    Problem(
                        f"{base}.inputs.{name}",
                        f"unknown input for {model.name}; known: {', '.join(sorted(known))}",
                        p.ref,
                    )
                )
        try:
            derived = model.derive(p.model)
        except ValueError as exc:
            problems.append(Problem(f"{base}.inputs", str(exc), p.ref))
            continue
        for spec in model.inputs:
            value = derived.get(spec.name)
            if value is None:
                if spec.required:
                    problems.append(
                        Problem(
                            f"{base}.inputs.{spec.name}",
                            f"required by {model.name} [{spec.unit}]",
                            p.ref,
                        )
                    )
                continue
            lo, hi = (value, value) if isinstance(value, int | float) else value.support()
            if spec.lower is not None and lo < spec.lower:
                what = "can fall" if is_random(value) else "is"
                problems.append(
                    Problem(
                        f"{base}.inputs.{spec.name}",
                        f"{what} below {spec.lower:g} [{spec.unit}] (got {lo:g})",
                        p.ref,
                    )
                )
            if spec.upper is not None and hi > spec.upper:
                what = "can rise" if is_random(value) else "is"
                problems.append(
                    Problem(
                        f"{base}.inputs.{spec.name}",
                        f"{what} above {spec.upper:g} [{spec.unit}] (got {hi:g})",
                        p.ref,
                    )
                )
    return problems
