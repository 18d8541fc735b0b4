"""No process of ours calls an outside host: Prefect's telemetry is off in every process that imports our
flows (issue 18), and a person's own setting still wins."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from common.paths import REPO

PROBE = ("import flows.cli, json; from prefect.settings import get_current_settings as s; "
         "from prefect._internal.analytics.enabled import is_telemetry_enabled as client; "
         "print(json.dumps({'server': s().server.analytics_enabled, 'client': client()}))")


def probe(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k not in ("DO_NOT_TRACK", "CI")}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, env={**clean, **env, "PYTHONPATH": str(REPO)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_prefect_telemetry_is_off_in_our_processes():
    assert probe() == {"server": False, "client": False}


def test_a_person_who_turns_it_on_gets_it():
    assert probe(PREFECT_SERVER_ANALYTICS_ENABLED="true")["server"] is True
