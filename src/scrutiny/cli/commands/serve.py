"""`scrutiny serve`: the web app on a local address."""

from __future__ import annotations

import typer

from scrutiny.cli.output import command, say
from scrutiny.errors import UsageError


@command
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="Server processes (set SCRUTINY_SECRET_KEY when >1)."
    ),
) -> None:
    """Run the web app (brings the database up to date first)."""
    run_server(host, port, workers)


def run_server(host: str, port: int, workers: int = 1) -> None:
    """Bring the database up to date and serve the web app until interrupted."""
    import uvicorn

    from scrutiny.config import get_settings
    from scrutiny.store.engine import open_database

    settings = get_settings()
    if workers > 1 and not settings.secret_key:
        raise UsageError(
            "--workers above 1 needs SCRUTINY_SECRET_KEY so every process signs sessions alike"
        )
    open_database(settings.database_url)
    if not settings.secret_key:
        say("SCRUTINY_SECRET_KEY is not set: sign-ins end when the server restarts")
    say(f"Budget scrutiny at http://{host}:{port}/ (press Ctrl+C to stop)")
    # The app is named, not imported: the command line and the web are separate interfaces.
    uvicorn.run(
        "scrutiny.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,  # one log line per page costs more than some pages
        # Proxy headers are read by the app, only from SCRUTINY_TRUSTED_PROXIES (none by default).
        proxy_headers=False,
        workers=workers,
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
