"""CLI commands that live in their own modules; shared options in ``options``."""
