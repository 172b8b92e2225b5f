"""Closed vocabularies. Spelled exactly as contracts.md and challenge.md spell them."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    staffing = "staffing"
    placements = "placements"
    commissioning = "commissioning"
    service_redesign = "service_redesign"
    income = "income"
    other = "other"


class Kind(StrEnum):
    saving = "saving"
    cost_avoidance = "cost_avoidance"
    income = "income"
    growth_reduction = "growth_reduction"


class Status(StrEnum):
    draft = "draft"
    proposed = "proposed"
    agreed = "agreed"
    in_delivery = "in_delivery"
    delivered = "delivered"
    removed = "removed"


class Progress(StrEnum):
    """How far an equality impact assessment or a consultation has got."""

    not_started = "not_started"
    planned = "planned"
    draft = "draft"
    complete = "complete"
    not_stated = "not_stated"
    """The papers say nothing about it (not the same as "not started")."""


class Grade(StrEnum):
    """Where a number comes from (challenge.md, "Evidence grades")."""

    quoted = "quoted"
    """Given by the papers, with a document quote."""
    derived = "derived"
    """Arithmetic on quoted figures, with its formula."""
    assumed = "assumed"
    """Chosen so a model can run, with a rationale: not the papers' own figure."""
    default = "default"
    """A sourced parameter (national or published figure) standing in for a local one."""


class Answered(StrEnum):
    """How far the meeting answered a line of enquiry."""

    answered = "answered"
    partly_answered = "partly_answered"
    not_answered = "not_answered"


class Outcome(StrEnum):
    """What became of an alternative option."""

    rejected = "rejected"
    under_consideration = "under_consideration"
    supported = "supported"


class Verdict(StrEnum):
    assured = "assured"
    partially_assured = "partially_assured"
    not_assured = "not_assured"
    insufficient_information = "insufficient_information"


class Severity(StrEnum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"

    @property
    def rank(self) -> int:
        return ["info", "low", "medium", "high"].index(self.value)

    def lowered(self) -> Severity:
        """One step less severe (info stays info)."""
        return Severity(["info", "info", "low", "medium"][self.rank])


class Question(StrEnum):
    deliverable = "deliverable"
    impact = "impact"
    alternatives = "alternatives"


QUESTION_TEXT = {
    Question.deliverable: "Are the savings deliverable, sustainable and not an unacceptable risk?",
    Question.impact: "Is the impact on service users and the wider community understood?",
    Question.alternatives: (
        "Have all reasonable alternative options been explored and do no better options exist?"
    ),
}


class Role(StrEnum):
    admin = "admin"
    officer = "officer"
    member = "member"
    viewer = "viewer"


class Unit(StrEnum):
    """Units a parameter or model input may carry. Add here, never inline."""

    gbp = "gbp"
    gbp_per_week = "gbp_per_week"
    gbp_per_year = "gbp_per_year"
    gbp_per_fte_year = "gbp_per_fte_year"
    gbp_per_household = "gbp_per_household"
    gbp_per_child = "gbp_per_child"
    gbp_per_person = "gbp_per_person"
    gbp_thousand = "gbp_thousand"
    share = "share"
    percent = "percent"
    probability = "probability"
    fte = "fte"
    posts = "posts"
    people = "people"
    children = "children"
    children_per_year = "children_per_year"
    households = "households"
    households_per_year = "households_per_year"
    enquiries_per_year = "enquiries_per_year"
    children_per_household = "children_per_household"
    cases = "cases"
    cases_per_fte = "cases_per_fte"
    rate_per_10k = "rate_per_10k"
    weeks = "weeks"
    weeks_per_year = "weeks_per_year"
    months = "months"
    years = "years"
    days = "days"
    number = "count"
    ratio = "ratio"
    index_points = "index"
    flag = "flag"
