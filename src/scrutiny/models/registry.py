"""Model type → model. Built-in models register here exactly as a council's own model would."""

from __future__ import annotations

import math

from scrutiny.domain.distributions import Lognormal, Normal, is_random
from scrutiny.domain.limits import unit_bounds
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
            unit_lo, unit_hi = unit_bounds(spec.unit)
            low = lo if math.isfinite(lo) else tail(value, below=True)
            high = hi if math.isfinite(hi) else tail(value)
            random = is_random(value)
            for side, model_limit, domain_limit, got, got_tail, sign in (
                ("below", spec.lower, unit_lo, lo, low, -1),
                ("above", spec.upper, unit_hi, hi, high, 1),
            ):
                # The model's own bound holds for every value a draw can take; the domain's
                # bound for the unit holds for a distribution's tails up to 4 standard deviations.
                if model_limit is not None and sign * (got - model_limit) > 0:
                    limit, shown = model_limit, got
                elif sign * (got_tail - domain_limit) > 0:
                    limit, shown = domain_limit, got_tail
                else:
                    continue
                what = ("can fall " if side == "below" else "can rise ") if random else "is "
                problems.append(
                    Problem(
                        f"{base}.inputs.{spec.name}",
                        f"{what}{side} {limit:g} [{spec.unit}] (got {shown:g})",
                        p.ref,
                    )
                )
    return problems


def tail(value: object, *, below: bool = False) -> float:
    """A value an unbounded distribution passes only about once in 30,000 draws (4 standard
    deviations above its mean, or below with `below`): what the domain's bounds for the unit are
    checked against when the distribution has no maximum (or minimum)."""
    sign = -1.0 if below else 1.0
    if isinstance(value, Normal):
        return value.mean + sign * 4 * value.sd
    if isinstance(value, Lognormal):
        return math.exp(value.mu + sign * 4 * value.sigma)
    return -math.inf if below else math.inf
