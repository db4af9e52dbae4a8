"""What the tests share, and the only test code a test module imports (a contract in pyproject.toml says so):
AppTest page helpers (apptest), browser-test helpers (browser), the axe-core checks (accessibility), the Debian
tools a test needs (tools), and waits on events instead of sleeps with a clock a test moves by hand (waiting); the
shared fixtures are in tests/conftest.py, and the real PostgreSQL server is deploy/postgres.py."""
