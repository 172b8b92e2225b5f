"""`scrutiny users add`, `scrutiny serve` and the demo officer."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from scrutiny.cli.app import build_app
from scrutiny.config import get_settings
from scrutiny.store.engine import open_database
from scrutiny.workflows.accounts import authenticate, demo_officer


def test_users_add_reads_the_password_from_stdin_and_refuses_a_second_time() -> None:
    runner = CliRunner()
    app = build_app()
    first = runner.invoke(
        app,
        ["users", "add", "Clerk@Council.gov.uk", "--role", "member", "--password-stdin"],
        input="a long enough password\n",
    )
    assert first.exit_code == 0, first.output
    engine = open_database(get_settings().database_url, migrate=False)
    account = authenticate(engine, "clerk@council.gov.uk", "a long enough password")
    assert account is not None and account.role.value == "member"
    again = runner.invoke(
        app,
        ["users", "add", "clerk@council.gov.uk", "--role", "viewer", "--password-stdin"],
        input="another long password\n",
    )
    assert again.exit_code == 2
    assert "already exists" in again.output


def test_users_add_refuses_an_unknown_role_and_a_bad_email() -> None:
    runner = CliRunner()
    app = build_app()
    role = runner.invoke(
        app, ["users", "add", "a@b.gov.uk", "--role", "king", "--password-stdin"], input="x" * 12
    )
    assert role.exit_code == 2
    email = runner.invoke(
        app,
        ["users", "add", "not-an-email", "--role", "viewer", "--password-stdin"],
        input="a long enough password\n",
    )
    assert email.exit_code == 2
    assert "not an email address" in email.output


def test_serve_with_workers_needs_a_secret_key(tmp_path: Path) -> None:
    result = CliRunner().invoke(build_app(), ["serve", "--workers", "2"])
    assert result.exit_code == 2
    assert "SCRUTINY_SECRET_KEY" in result.output


def test_demo_officer_credentials_always_sign_in() -> None:
    settings = get_settings()
    email, first = demo_officer(settings)
    email_again, second = demo_officer(settings)
    engine = open_database(settings.database_url, migrate=False)
    assert email == email_again and first != second
    assert authenticate(engine, email, first) is None
    assert authenticate(engine, email, second) is not None
