"""Library errors. The CLI turns them into one-line messages (click.ClickException)."""


class TimelineError(Exception):
    """Base class of errors a user can act on: bad input, bad date, bad database URL."""


class BadInput(TimelineError):
    """A bad argument or input file as a whole (a metadata file, a document type, an option):
    the operation cannot go on."""


class BadDate(BadInput):
    pass


class DatabaseError(TimelineError):
    pass


class NotFound(TimelineError):
    pass
