"""Errors a user can act on. The CLI prints their message as one line and exits 2."""


class LawreviewError(Exception):
    """Base class: the message is shown to the user as is, on one line."""


class InputError(LawreviewError):
    """The input file cannot be reviewed (missing, unsupported, corrupt, empty, not a law)."""


class RulebookError(LawreviewError):
    """A file under rules/ is invalid; the message names the file."""
