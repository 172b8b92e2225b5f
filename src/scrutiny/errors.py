"""Typed user-facing errors.

Every error here renders as one line that names what is wrong and where. The edges (command
line, web) map them to exit codes and HTTP statuses; nothing else catches them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ScrutinyError(Exception):
    """Base of every expected error. `exit_code` follows contracts.md §3."""

    exit_code: int = 1

    def one_line(self) -> str:
        return " ".join(str(self).split())


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file: where it is and what is wrong.

    `ref` is the proposal reference when the problem is inside a proposal; `path` is the field
    path in the file (``proposals[2].model.inputs.net_households.min``).
    """

    path: str
    message: str
    ref: str | None = None

    def render(self, source: str) -> str:
        where = source
        if self.ref:
            where += f" [{self.ref}]"
        if self.path:
            where += f" {self.path}"
        return f"{where}: {self.message}"


@dataclass
class InvalidInput(ScrutinyError):
    """A proposal, parameter or policy file that breaks the rules; lists every problem found."""

    source: str
    problems: list[Problem] = field(default_factory=list)
    exit_code: int = 2

    def __post_init__(self) -> None:
        super().__init__(self.one_line())

    def lines(self) -> list[str]:
        return [p.render(self.source) for p in self.problems]

    def one_line(self) -> str:
        lines = self.lines()
        if len(lines) == 1:
            return lines[0]
        return f"{self.source}: {len(lines)} problems; first: {lines[0] if lines else ''}"

    def __str__(self) -> str:
        return self.one_line()


class UsageError(ScrutinyError):
    """A bad option or argument (exit status 2)."""

    exit_code = 2


class DocumentError(ScrutinyError):
    """A document that cannot be read: corrupt, encrypted, too large, not a document (exit 1)."""

    exit_code = 1

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}")


class ParameterError(ScrutinyError):
    """A parameter file without a unit, a source or with an unknown key (exit 2)."""

    exit_code = 2

    def __init__(self, source: str, key: str, message: str) -> None:
        self.source = source
        self.key = key
        self.message = message
        super().__init__(f"{source}: {key}: {message}" if key else f"{source}: {message}")


class StaleVersion(ScrutinyError):
    """An update made from an out-of-date version of a record (optimistic locking)."""

    exit_code = 1

    def __init__(self, what: str, expected: int, actual: int) -> None:
        self.what = what
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"{what} was changed by someone else (you edited version {expected}, "
            f"it is now version {actual}); reload and apply your change again"
        )


class NotFound(ScrutinyError):
    """A record, council or file that does not exist."""

    exit_code = 1


class ConfigError(ScrutinyError):
    """An unsafe or unreadable setting."""

    exit_code = 2


class OutputError(ScrutinyError):
    """A file that cannot be written: a folder in the way, no permission, a full disk (exit 1)."""

    exit_code = 1

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")
