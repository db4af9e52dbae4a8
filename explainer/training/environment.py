"""The environment variables that set a server's training limit, which jobs.shared_limiter reads.

A module of their own, without torch, so that ``deploy/classroom.py`` (a launcher that never trains) sets them
by these names without importing torch: 2.4 s and 500 MB for the launcher, which stays up all lecture.
"""

MAX_TRAININGS_ENV = "EXPLAINER_MAX_TRAININGS"  # trainings at once; default: one per CPU core
TRAINING_LOCKS_ENV = "EXPLAINER_TRAINING_LOCKS"  # a folder: the replicas that share it share the limit
