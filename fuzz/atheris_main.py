"""The fuzz targets under atheris (coverage-guided, libFuzzer), where it builds:

    pip install atheris            # needs clang with libFuzzer; not part of the dev extras
    python -m fuzz.atheris_main policy -max_total_time=3600 -rss_limit_mb=3000 .fuzz/corpus/policy

The first argument is a target (policy, tickets, scenario, policy_test, server); the others
go to libFuzzer. Inputs are bytes: text targets read them as UTF-8 (with replacement), the
server target takes the first byte for the route and the content type.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        import atheris
    except ImportError:
        sys.exit("atheris is not installed: pip install atheris (it needs clang with libFuzzer); "
                 "or run the hypothesis campaign: python -m fuzz.campaign")
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    name = sys.argv.pop(1)
    with atheris.instrument_imports():
        from fuzz import strategies, targets
    if name not in targets.TARGETS:
        sys.exit(f"unknown target {name!r}; the targets are {', '.join(sorted(targets.TARGETS))}")
    target = targets.TARGETS[name]

    def one_input(data: bytes) -> None:
        if name == "tickets":
            target(data)
        elif name == "server":
            route = strategies.ROUTES[data[0] % len(strategies.ROUTES)] if data else strategies.ROUTES[0]
            kind = strategies.CONTENT_TYPES[data[1] % len(strategies.CONTENT_TYPES)] if len(data) > 1 else None
            target(route, data[2:], kind)
        else:
            target(data.decode("utf-8", "replace"))

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
