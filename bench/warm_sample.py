"""Warm-night figures on the served sample portal: cold, two warm nights, and a forced sweep (issue 19).

Why not bench/pipeline.py's warm phase: bench/bigportal.py still calls the generator's old ``gen.Site``
(gone with the sample province), so the scaled portals cannot be built until it is ported. Run from the
repository root: ``PYTHONPATH=. python bench/warm_sample.py`` (prints one JSON line; the sweep phase only
where ``harvest_source`` takes ``recheck``, so the same script measures the code before issue 19).
"""

import inspect
import json
import pathlib
import sys
import tempfile
import time
from collections import Counter

sys.path[:0] = ["tests", "."]

from portal_fixtures import PORTAL  # noqa: E402

import transform.pipeline as parse_mod  # noqa: E402
from extract.net.settings import FetchSettings  # noqa: E402
from extract.net.sources import get_source  # noqa: E402
from flows import pipeline as hm  # noqa: E402
from sampleportal import server as ps  # noqa: E402

ps._Handler.disable_nagle_algorithm = True
parsed = [0]
real = parse_mod.parse_document
def counted(*a, **k):
    parsed[0] += 1
    return real(*a, **k)
parse_mod.parse_document = counted
settings = FetchSettings(concurrency_per_host=8, delay_s=0.0)
data = pathlib.Path(tempfile.mkdtemp())
out = {}
with ps.serve_portal(PORTAL, port=0, crawl_delay=0) as server:
    has_recheck = "recheck" in inspect.signature(hm.harvest_source).parameters
    phases = ["cold", "warm", "warm2"] + (["sweep"] if has_recheck else [])
    for name in phases:
        server.clear_log()
        parsed[0] = 0
        kw = {}
        if name == "sweep":
            from extract.net.settings import RecheckSettings
            kw["recheck"] = RecheckSettings(full_sweep=True)
        t = time.perf_counter()
        r = hm.harvest_source(get_source("sample"), data, base_url_override=server.base_url, settings=settings, **kw)
        s = time.perf_counter() - t
        server.wait_idle()
        out[name] = dict(seconds=round(s, 2), requests=len(server.log),
                         http=dict(Counter(str(e["status"]) for e in server.log)), reparsed=parsed[0],
                         found=r.found, statuses=dict(Counter(o.status for o in r.outcomes)))
print(json.dumps(out))
