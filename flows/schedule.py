"""The nightly schedule: 02:00 Asia/Shanghai, after county offices have stopped publishing for the day.

``nianbao serve`` serves this deployment from the current process against the Prefect server configured
in the environment (``PREFECT_API_URL``; a local ``prefect server start`` by default). ``prefect.yaml``
declares the same deployment for a work pool, for teams with their own Prefect server or Cloud.
"""

from __future__ import annotations

from flows.harvest import nightly_harvest

CRON = "0 2 * * *"
TIMEZONE = "Asia/Shanghai"
DEPLOYMENT = "nianbao-nightly"


def serve_nightly(sources: list[str] | None = None) -> None:
    """Block and run the harvest every night (Ctrl-C stops serving)."""
    from prefect.schedules import Cron

    nightly_harvest.serve(name=DEPLOYMENT, schedule=Cron(CRON, timezone=TIMEZONE),
                          parameters={"sources": sources} if sources else {},
                          description="Harvest 政府信息公开工作年度报告 and load the warehouse.")
