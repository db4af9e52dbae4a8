"""What the tests share, and the only test code a test module imports (a contract in pyproject.toml says so):
AppTest page helpers (apptest), browser-test helpers (browser), the axe-core checks (accessibility) and the Debian
tools a test needs (tools); the real PostgreSQL server is deploy/postgres.py."""
