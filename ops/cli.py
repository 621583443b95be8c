"""`needfinder`: run the whole system, one of its processes, or migrate the database."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import threading
import time
from pathlib import Path

import httpx
from honcho.environ import parse_procfile
from honcho.manager import Manager

from assistant import access, audit
from assistant.config import PROJECT_ROOT, Settings, get_settings
from assistant.errors import NotFound
from assistant.store.db import make_engine, make_sessionmaker, transaction
from assistant.store.migrate import upgrade
from assistant.store.models import ApiRole
from ops.layout import DEFAULT_STATS_PORT, Layout
from ops.migrate import migrate
from ops.processes import check_ready, command, own_env, process_env
from ops.scaled import run_scaled

__all__ = ["main"]


def _run(settings: Settings) -> int:
    if missing := check_ready(settings):
        print("Cannot start, missing:\n  " + "\n  ".join(missing), file=sys.stderr)
        return 2
    _migrate(settings)
    env = {**os.environ, **process_env(settings)}
    # The Procfile's `needfinder` is this environment's console script.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    procfile = parse_procfile((PROJECT_ROOT / "Procfile").read_text())
    manager = Manager()
    for name, entry in procfile.processes.items():
        manager.add_process(name, entry, env=env, cwd=str(PROJECT_ROOT))
    threading.Thread(target=_announce_when_ready, args=(settings,), daemon=True).start()
    manager.loop()
    return manager.returncode or 0


def _migrate(settings: Settings) -> None:
    if measured := migrate(settings.database_url):
        print(f"stored the quality figures of {measured} earlier interview(s)", flush=True)


def _announce_when_ready(settings: Settings, timeout_s: float = 300) -> None:
    api = f"http://{settings.host}:{settings.api_port}"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                print(
                    "\nNeedfinder is ready:\n"
                    f"  chat (REST)  {settings.rasa_url}/webhooks/rest/webhook\n"
                    f"  API          {api}/api/v1  (docs: {api}/docs)\n"
                    f"  health       {api}/health\n"
                    "Press Ctrl-C to stop.\n",
                    flush=True,
                )
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    print(f"Needfinder did not become healthy within {timeout_s:.0f} s", file=sys.stderr)


def _proc(name: str, settings: Settings) -> int:
    argv = command(name, settings)
    os.chdir(PROJECT_ROOT)
    os.execvpe(argv[0], argv, {**os.environ, **own_env(name, settings)})
    return 1  # not reached


def _keys(args: argparse.Namespace, settings: Settings) -> int:
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    actor = f"{audit.CLI} ({getpass.getuser()})"
    try:
        with transaction(make_sessionmaker(engine)) as session:
            if args.keys_command == "create":
                issued = access.create_key(
                    session, args.name[:100], ApiRole(args.role), actor=actor
                )
                print(f"id {issued.id} ({issued.role.value}, {issued.name}): {issued.secret}")
                print("Keep it now: only its hash is stored.", file=sys.stderr)
            elif args.keys_command == "list":
                for key in access.list_keys(session):
                    state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
                    print(f"{key.id}\t{key.role.value}\t{key.prefix}…\t{state}\t{key.name}")
            else:
                key = access.revoke_key(session, args.id, actor=actor)
                print(f"revoked key {key.id} ({key.name})")
    except NotFound as exc:
        print(exc, file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="needfinder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="migrate the database and start Rasa, actions and API")
    scaled = run.add_argument_group(
        "scaled mode",
        "--rasa or --actions runs N Rasa servers and M action servers behind HAProxy, "
        "with PostgreSQL and Redis (README: Scaled deployment)",
    )
    scaled.add_argument("--rasa", type=int, metavar="N", help="Rasa servers (default 2)")
    scaled.add_argument("--actions", type=int, metavar="M", help="action servers (default 2)")
    scaled.add_argument(
        "--run-dir", type=Path, default=PROJECT_ROOT / "var" / "run",
        help="HAProxy's configuration and socket, the supervisor's state.json",
    )  # fmt: skip
    scaled.add_argument("--stats-port", type=int, default=DEFAULT_STATS_PORT)
    proc = sub.add_parser("proc", help="start one process (used by the Procfile)")
    proc.add_argument("name", choices=["rasa", "actions", "api"])
    db = sub.add_parser("db", help="database maintenance")
    db.add_argument(
        "action", choices=["upgrade"],
        help="migrate, then store the quality figures of interviews recorded before",
    )  # fmt: skip
    keys = sub.add_parser("keys", help="API keys: create, list, revoke")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    create = keys_sub.add_parser("create", help="issue a key (printed once)")
    create.add_argument("name", help="who or what uses the key")
    create.add_argument("--role", choices=[r.value for r in ApiRole], required=True)
    keys_sub.add_parser("list", help="list keys (never their secrets)")
    revoke = keys_sub.add_parser("revoke", help="revoke a key")
    revoke.add_argument("id", type=int)
    args = parser.parse_args(argv)

    settings = get_settings()
    if args.command == "run" and (args.rasa or args.actions):
        layout = Layout.from_settings(
            settings,
            rasa=args.rasa or 2,
            actions=args.actions or 2,
            run_dir=args.run_dir,
            stats_port=args.stats_port,
        )
        return run_scaled(settings, layout)
    if args.command == "run":
        return _run(settings)
    if args.command == "proc":
        return _proc(args.name, settings)
    if args.command == "keys":
        return _keys(args, settings)
    _migrate(settings)
    print(f"database at {settings.database_url.split('@')[-1]} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
