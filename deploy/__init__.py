"""Serving the app and driving it: the classroom launcher (classroom.py, its HAProxy template), and the harness
that the launcher, the tests and the benches share: servers and their processes (serving.py), the app in
headless Chromium (browser.py), a real PostgreSQL in a temporary folder (postgres.py)."""
