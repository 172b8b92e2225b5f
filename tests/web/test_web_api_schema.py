"""The published OpenAPI document says what the API does: Schemathesis sends a few hundred
seeded requests generated from it (valid and invalid) to the app in-process, signed in as an
officer, and checks every answer against the document (status codes, content types, response
shapes) and that none is a server error."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from webtools import Site

from scrutiny.domain.vocab import Role

CASES = 300
"""Requests generated over all operations (seeded: the same every run)."""

CONFIG = schemathesis.config.SchemathesisConfig.from_str(
    """
[checks.positive_data_acceptance]
# A request the document allows may still break a rule it cannot express: a known model type and
# its required inputs, a trial run of the changed file, `version` or If-Match. The API answers
# those with the documented 422 or 428, naming the field; every other check is as shipped.
expected-statuses = ["2xx", "401", "403", "404", "409", "422", "428"]
"""
)


def test_the_openapi_document_lists_only_the_api_with_typed_shapes(site: Site) -> None:
    doc = site.client(Role.viewer).get("/api/v1/openapi.json").json()
    assert all(path.startswith("/api/v1/") for path in doc["paths"])
    listing = doc["paths"]["/api/v1/proposals"]["get"]
    params = {p["name"]: p["schema"] for p in listing["parameters"]}
    assert "#/components/schemas/Status" in str(params["status"])
    assert doc["components"]["schemas"]["Status"]["enum"][:2] == ["draft", "proposed"]
    assert params["sort"]["enum"] == ["ref", "title", "total", "status", "probability"]
    proposal = doc["components"]["schemas"]["ProposalCreate"]["properties"]["proposal"]
    assert proposal["$ref"].startswith("#/components/schemas/Proposal")
    update = doc["paths"]["/api/v1/proposals/{proposal_id}"]["put"]["responses"]
    assert {"200", "400", "401", "403", "404", "409", "422", "428"} <= set(update)
    error = update["422"]["content"]["application/json"]["schema"]["$ref"]
    assert error.endswith("/ErrorRead")
    assert doc["components"]["schemas"]["ErrorRead"]["properties"]["detail"]["type"] == "string"
    assert "HTTPValidationError" not in doc["components"]["schemas"]


def test_schemathesis_finds_no_failure(site: Site) -> None:
    client = site.client(Role.officer)
    csrf = client.get("/api/v1/session").json()["csrf_token"]
    headers = {
        "Cookie": f"scrutiny_session={client.cookies['scrutiny_session']}",
        "X-CSRF-Token": csrf,
    }
    raw = client.get("/api/v1/openapi.json").json()
    schema = schemathesis.openapi.from_dict(raw, config=CONFIG)
    schema.app = site.app
    strategy = st.one_of(
        schema.as_strategy(GenerationMode.POSITIVE), schema.as_strategy(GenerationMode.NEGATIVE)
    )
    seen: dict[str, int] = {}

    @settings(
        max_examples=CASES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case: schemathesis.Case) -> None:
        key = f"{case.method} {case.path} {case.meta.generation.mode.value if case.meta else ''}"
        seen[key] = seen.get(key, 0) + 1
        case.call_and_validate(headers=headers)

    check()  # about 20 s on a quiet two-core machine
    operations = {
        f"{m.upper()} {p}": bool(op.get("parameters") or op.get("requestBody"))
        for p, ops in raw["paths"].items()
        for m, op in ops.items()
    }
    tried = {k.rsplit(" ", 1)[0] for k in seen if k.endswith("positive")}
    assert tried == set(operations), f"every operation was tried: {seen}"
    tried = {k.rsplit(" ", 1)[0] for k in seen if k.endswith("negative")}
    takes_input = {name for name, has_input in operations.items() if has_input}
    assert tried == takes_input, f"every operation with input was sent invalid data: {seen}"
