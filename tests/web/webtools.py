"""Helpers for the web tests: a site on a fresh database with the seed examples imported and one
user per role, signing in, reading CSRF tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from docx import Document
from fastapi import FastAPI
from fastapi.testclient import TestClient

from scrutiny.config import load_settings
from scrutiny.domain.proposal_file import ProposalFile, parse_proposal_file
from scrutiny.domain.vocab import Role
from scrutiny.store.engine import open_database
from scrutiny.web.app import create_app
from scrutiny.workflows.accounts import add_user
from scrutiny.workflows.register import import_file
from scrutiny.workflows.scenario import simulate_and_challenge
from scrutiny.yaml_files import read

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Site:
    app: FastAPI
    examples: Path

    def client(self, role: Role | None = None) -> TestClient:
        """A client signed in as the `role` user (anonymous when None)."""
        client = TestClient(self.app, follow_redirects=False)
        if role is not None:
            sign_in(client, f"{role.value}@council.gov.uk", PASSWORD)
        return client

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        return self.app.state.engine


def csrf_from(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client: TestClient, email: str, password: str) -> None:
    token = csrf_from(client.get("/sign-in").text)
    response = client.post(
        "/sign-in", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/"


def load_example(path: Path) -> ProposalFile:
    """A seed example, checked by the domain's own rules."""
    return parse_proposal_file(read(path), path.name)


def settings_for(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_settings(
        database_url=database_url,
        data_dir=tmp_path / "data",
        upload_dir=tmp_path / "data" / "uploads",
        secret_key="test-secret-key-for-signing-cookies",
    )


def seed(database_url: str, tmp_path: Path, examples: Path) -> None:
    """Bring the database up to date, add one user per role and import both seed examples."""
    engine = open_database(settings_for(database_url, tmp_path).database_url)
    for role in Role:
        add_user(engine, f"{role.value}@council.gov.uk", role, PASSWORD, actor="test")
    for name in ("thurrock-2022.yaml", "croydon-2024.yaml"):
        version = import_file(engine, load_example(examples / name), source=name, actor="test")
        simulate_and_challenge(engine, version, actor="test", iterations=2_000)
    engine.dispose()


def make_site(database_url: str, tmp_path: Path, examples: Path) -> Site:
    """The app over an already seeded database."""
    return Site(app=create_app(settings_for(database_url, tmp_path)), examples=examples)


def savings_appendix() -> bytes:
    """A Word appendix with two savings tables in £000, savings in brackets, and total rows."""
    doc = Document()
    doc.add_paragraph("Appendix 2: savings proposals 2026/27 to 2027/28 (£000)")
    first = [
        ("Ref", "Proposal", "2026/27", "2027/28", "Total"),
        ("CS01", "Fewer agency social workers", "(250)", "(100)", "(350)"),
        ("CS02", "Emergency foster carers", "(437)", "0", "(437)"),
        ("", "Total", "(687)", "(100)", "(787)"),
    ]
    second = [
        ("Ref", "Proposal", "2026/27", "2027/28", "Total"),
        ("CS07", "Review of transport to school", "(120)", "(30)", "(150)"),
    ]
    for rows in (first, second):
        table = doc.add_table(rows=len(rows), cols=len(rows[0]))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
        doc.add_paragraph("")
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
