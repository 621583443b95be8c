"""Start Rasa with its HTTP API token from the environment instead of the command line.

`rasa run --auth-token TOKEN` shows the token to anyone who may list processes (`ps`,
/proc/PID/cmdline). `python -m channels.launch run ...` runs the same command with
`--auth-token` added inside the process from RASA_TOKEN (then removed from the environment):
the process list shows the command without it. Without a token it refuses to start, as
Rasa's HTTP API (`--enable-api`) would be open to anyone who reaches the port.

Before Rasa starts, two of its hot paths are made cheap (channels/speedups.py).
"""

from __future__ import annotations

import os
import sys

__all__ = ["main", "rasa_argv"]


def rasa_argv(args: list[str], token: str) -> list[str]:
    """Rasa's argv with the token as one word, `--auth-token=TOKEN`: a token may begin with
    "-" (`secrets.token_urlsafe`, one start in 64), which as a word of its own argparse takes
    for an option ("expected one argument"), and Rasa would not start."""
    return ["rasa", *args, f"--auth-token={token}"]


def main() -> None:
    token = os.environ.pop("RASA_TOKEN", "")
    if not token:
        sys.exit("RASA_TOKEN is not set: Rasa's HTTP API would be open to anyone")
    sys.argv = rasa_argv(sys.argv[1:], token)
    from rasa.__main__ import main as rasa_main  # Rasa reads sys.argv

    from channels import speedups

    speedups.install()

    rasa_main()


if __name__ == "__main__":
    main()
