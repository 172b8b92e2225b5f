"""`scrutiny demo [--out DIR]`: the whole workflow on the two bundled example councils."""

from __future__ import annotations

from pathlib import Path

import typer

from scrutiny.cli.output import command, refuse_file_in_the_way, say


@command
def demo(
    out: Path = typer.Option(Path("scrutiny-demo"), "--out", help="Folder for the outputs."),
    iterations: int = typer.Option(10_000, "--iterations", min=1, help="Monte Carlo iterations."),
    seed: int = typer.Option(0, "--seed", min=0, help="Random seed (same seed, same results)."),
    by: str | None = typer.Option(
        None, "--by", help="Who is running it (default: SCRUTINY_USER, else your login name)."
    ),
    serve: bool = typer.Option(
        False, "--serve", help="Then run the web app, with a demo officer account to sign in."
    ),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port for --serve."),
) -> None:
    """Validate and load the two example councils (Thurrock 2022, Croydon 2024) into the
    database, run every analysis this build has, write the outputs and an HTML summary."""
    from scrutiny.workflows.demo import Step, run_demo

    def report(step: Step) -> None:
        mark = "✓" if step.status == "done" else "–"
        say(f"{mark} {step.name}: {step.detail}")

    refuse_file_in_the_way(out, out_is_folder=True)
    result = run_demo(out, iterations=iterations, seed=seed, actor=by, report=report)
    say(f"database: {result.database}")
    say(f"files in {out}/:")
    for path in result.files:
        say(f"  {path}")
    say(f"open {result.index} in a browser to see the register")
    if serve:
        from scrutiny.cli.commands.serve import run_server
        from scrutiny.config import get_settings
        from scrutiny.workflows.accounts import demo_officer

        email, password = demo_officer(get_settings())
        say(f"web app: http://127.0.0.1:{port}/  sign in as {email} with password {password}")
        run_server("127.0.0.1", port)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
