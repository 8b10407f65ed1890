"""Errors a user can act on. The CLI prints them as one line and exits non-zero, never a traceback."""


class SamizdatError(Exception):
    """A build error: bad input, bad configuration, or an output that could not be written."""


class ConfigError(SamizdatError):
    """book.toml or corrections.toml says something samizdat cannot accept."""


class InputError(SamizdatError):
    """A source text cannot be read as text."""
