"""The environment variable that sets a server's training limit, which jobs.shared_limiter reads.

A module of its own, without torch, so that ``deploy/classroom.py`` (a launcher that never trains) names it
without importing torch: 2.4 s and 500 MB for the launcher, which stays up all lecture. Where the limit's leases
live (the store every replica shares) is ``explainer.store.settings.STORE_ENV``.
"""

MAX_TRAININGS_ENV = "EXPLAINER_MAX_TRAININGS"  # trainings at once, across every replica sharing the store
