"""Whether to colour, decided one way for every command and every stream.

The conventions of https://no-color.org and https://force-color.org: ``NO_COLOR`` set to
anything but the empty string turns colour off; otherwise ``FORCE_COLOR`` set to anything
but the empty string, ``0`` or ``false`` turns it on, even into a pipe (a CI log that shows
ANSI colours); otherwise a terminal gets colour unless ``TERM`` is ``dumb``. ``slalang
--color always|never`` sets these variables for the run (``auto`` leaves them alone).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, Any


def forced(environ: Mapping[str, str]) -> bool:
    """Whether ``FORCE_COLOR`` asks for colour."""
    return environ.get("FORCE_COLOR", "").strip().lower() not in ("", "0", "false")


def use_colour(stream: IO[Any], environ: Mapping[str, str] | None = None) -> bool:
    """Colour for ``stream``: never with ``NO_COLOR``, always with ``FORCE_COLOR``, else on a
    terminal that is not ``TERM=dumb``."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR", ""):
        return False
    if forced(env):
        return True
    if env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
