"""The test run's environment, set before Django is (a plugin loaded with `-p`, see
pyproject.toml): the demo app is installed, as in development, for the demo data's tests.
Production runs without it (tests/plc/test_settings.py checks that)."""

import os

os.environ.setdefault("DEMO_DATA", "true")
