"""Registers the built-in models through the same `register` a council's own model would use."""

from scrutiny.models import registry
from scrutiny.models.cla_projection import ClaProjection
from scrutiny.models.fixed import Fixed
from scrutiny.models.fostering_recruitment import FosteringRecruitment
from scrutiny.models.placement_shift import PlacementShift
from scrutiny.models.restructure import Restructure
from scrutiny.models.vacancy_factor import VacancyFactor

for model in (
    Fixed(),
    VacancyFactor(),
    FosteringRecruitment(),
    PlacementShift(),
    Restructure(),
    ClaProjection(),
):
    registry.register(model)
