"""Orchestration: the one harvest pipeline, the Prefect flows and schedule, and the CLI on top.

Prefect reads its settings when it is imported, so the few this project needs are set here, before any
module of ours imports it (every entry point imports ``flows`` first).
"""

import os

# Prefect's temporary API server gets 20 s to start by default; on a loaded 2-core machine (CI, a laptop
# running the tests) it was seen to need more, and the night then died before its first task.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
