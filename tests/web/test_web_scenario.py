"""Officers try a changed input, compare with the saved version and save a new version."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from webtools import Site, csrf_from

from scrutiny.workflows import proposals
from scrutiny.workflows import register as reg


def _croydon_vacancy(site: Site) -> int:
    """Croydon's vacancy-factor proposal (distributions on its inputs)."""
    rows = reg.register(site.engine, council="Croydon")
    return next(r.id for r in rows if r.ref == "2024-28 SAV CYPE 001")


def test_changed_input_changes_the_probability_and_save_bumps_version(
    site: Site, officer: TestClient
) -> None:
    pid = _croydon_vacancy(site)
    form = officer.get(f"/proposals/{pid}/scenario").text
    token = csrf_from(form)
    fields = dict(
        re.findall(r'name="(in:[^"]+)" type="text" inputmode="decimal" value="([^"]*)"', form)
    )
    assert fields, "the scenario form lists the model's inputs"
    version = re.search(r'name="version" value="(\d+)"', form)
    assert version
    # Push every number down to a tenth: the saving cannot be more likely than before.
    changed = {k: str(float(v) * 0.1) for k, v in fields.items()}
    compared = officer.post(
        f"/proposals/{pid}/scenario",
        data={**changed, "csrf_token": token, "version": version.group(1), "action": "compare"},
    )
    assert compared.status_code == 200, compared.text
    assert "Saved version against your change" in compared.text
    changed_p = re.findall(r'data-changed-probability="[^"]+">(\d+)%<', compared.text)
    assert changed_p and all(int(p) < 100 for p in changed_p)
    header = compared.text.split('id="comparison"')[1].split("</thead>")[0]
    assert header.index("Expected delivery, saved") < header.index("Chance, saved")  # £ first
    assert re.search(r'data-changed-expected="[^"]+">−?£[\d.]+[mk]?<', compared.text)
    saved = proposals.proposal_page(site.engine, pid)
    assert saved.version == int(version.group(1))  # comparing saves nothing
    saving = officer.post(
        f"/proposals/{pid}/scenario",
        data={**changed, "csrf_token": token, "version": version.group(1), "action": "save"},
    )
    assert saving.status_code == 303
    after = proposals.proposal_page(site.engine, pid)
    assert after.version == saved.version + 1
    assert after.simulated_at is not None and after.simulated_at > saved.simulated_at
    # The same form again is stale: 409 and nothing changes.
    stale = officer.post(
        f"/proposals/{pid}/scenario",
        data={**fields, "csrf_token": token, "version": version.group(1), "action": "save"},
    )
    assert stale.status_code == 409
    assert "changed by someone else" in stale.text
    assert proposals.proposal_page(site.engine, pid).version == after.version


def test_a_word_for_a_number_is_refused_naming_the_field(site: Site, officer: TestClient) -> None:
    pid = _croydon_vacancy(site)
    form = officer.get(f"/proposals/{pid}/scenario").text
    name = re.search(r'name="(in:[^"]+)"', form)
    assert name
    response = officer.post(
        f"/proposals/{pid}/scenario",
        data={name.group(1): "lots", "csrf_token": csrf_from(form), "version": "1"},
    )
    assert response.status_code == 422
    assert f"Enter a number for {name.group(1)[3:]}" in response.text
