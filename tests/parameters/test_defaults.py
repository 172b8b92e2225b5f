"""Every shipped default parameter loads with a unit, a source for every value and a checked date,
and every model input that names a parameter finds one with the same unit."""

from __future__ import annotations

import datetime

import pytest

from scrutiny.domain.vocab import Unit
from scrutiny.models import registry
from scrutiny.parameters.loader import default_data_dir, load_defaults
from scrutiny.parameters.schema import ParameterSet


@pytest.fixture(scope="module")
def params() -> ParameterSet:
    return load_defaults()


def test_the_tree_holds_every_file(params: ParameterSet) -> None:
    files = sorted(default_data_dir().rglob("*.yaml"))
    assert len(files) == len(params) >= 12
    topics = {name.split(".")[0] for name in params}
    assert topics <= {"unit_costs", "workforce", "national", "indices", "policy"}


def test_every_parameter_has_unit_source_and_checked_date(params: ParameterSet) -> None:
    for name, parameter in params.items():
        assert isinstance(parameter.unit, Unit), name
        assert parameter.description.strip(), name
        assert isinstance(parameter.as_of, datetime.date), name
        assert parameter.values, name
        for year, value in parameter.values.items():
            where = f"{name} {year}"
            assert value.source.title.strip() and value.source.publisher.strip(), where
            assert value.source.url or value.source.locator, where


def test_weak_evidence_is_said_in_the_note(params: ParameterSet) -> None:
    """Figures from secondary or single-council sources say so."""
    for name in (
        "unit_costs.ifa_weekly_cost",
        "unit_costs.inhouse_foster_weekly_cost",
        "unit_costs.supported_accommodation_weekly_cost",
        "workforce.social_worker_cost_per_fte",
        "workforce.agency_premium",
    ):
        assert "weak" in (params[name].note or ""), name


def test_defaults_the_models_need_are_present(params: ParameterSet) -> None:
    expected = {
        "unit_costs.ifa_weekly_cost": Unit.gbp_per_week,
        "unit_costs.inhouse_foster_weekly_cost": Unit.gbp_per_week,
        "unit_costs.childrens_home_weekly_cost": Unit.gbp_per_week,
        "unit_costs.supported_accommodation_weekly_cost": Unit.gbp_per_week,
        "unit_costs.weeks_per_year": Unit.weeks_per_year,
        "workforce.social_worker_cost_per_fte": Unit.gbp_per_fte_year,
        "workforce.agency_premium": Unit.share,
        "workforce.caseload_threshold": Unit.cases_per_fte,
    }
    for name, unit in expected.items():
        assert params[name].unit == unit, name
    assert params.value("unit_costs.weeks_per_year") == 52
    assert params.value("workforce.caseload_threshold") == 18
    assert params.value("unit_costs.ifa_weekly_cost", "2022/23") == 820
    assert params.value("unit_costs.ifa_weekly_cost", "2019/20") == 759


def test_model_parameters_exist_with_the_input_unit(params: ParameterSet) -> None:
    named = 0
    for model in registry.all_models():
        for spec in model.inputs:
            if spec.parameter is None:
                continue
            named += 1
            assert spec.parameter in params, f"{model.name}.{spec.name}: {spec.parameter}"
            assert params[spec.parameter].unit == spec.unit, f"{model.name}.{spec.name}"
            value = params.value(spec.parameter)
            assert spec.lower is None or value >= spec.lower
            assert spec.upper is None or value <= spec.upper
    assert named >= 10


def test_every_input_has_a_unit_and_a_way_to_get_a_value() -> None:
    for model in registry.all_models():
        for spec in model.inputs:
            assert isinstance(spec.unit, Unit)
            assert spec.description
            if spec.default is not None:
                assert spec.rationale, f"{model.name}.{spec.name}: a default needs its rationale"
            assert not (spec.default is not None and spec.parameter is not None)
