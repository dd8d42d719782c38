"""Errors that end a command with a one-line message instead of a traceback."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or environment the user can fix. ``exit_code`` follows docs/cli.md:
    1 = the run failed, 2 = bad usage or input."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
