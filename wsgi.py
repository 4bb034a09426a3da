"""Entry point for gunicorn and ``flask --app wsgi``."""

import gc

from core import create_app

app = create_app()
# Everything loaded so far lives as long as the process: keep it out of the garbage collector's
# full passes, which otherwise cost tens of milliseconds on a request now and then
# (docs/benchmarks.md).
gc.freeze()
