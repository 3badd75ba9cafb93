"""gunicorn's settings for production (read from the working directory; the command line wins).

Threads per worker: a request that waits (on PostgreSQL, on Redis, on another worker filling
the response cache) leaves its worker free for the others; `--workers` stays the number of
processes. Override with GUNICORN_THREADS."""

import os

worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
