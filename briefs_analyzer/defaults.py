"""Defaults the command line shows before anything else is loaded."""

from pathlib import Path

DEFAULT_CACHE_DIR = Path(".briefs_cache")  # relative to the working directory, like .ruff_cache
CACHE_FILE_NAME = "briefs.sqlite3"
