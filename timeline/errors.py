"""Library errors. The CLI turns them into one-line messages (click.ClickException)."""


class TimelineError(Exception):
    """Base class of errors a user can act on: bad input, bad date, bad database URL."""


class BadDate(TimelineError):
    pass


class DatabaseError(TimelineError):
    pass


class NotFound(TimelineError):
    pass
