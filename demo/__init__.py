"""Demo and bulk data, and `manage.py seed_demo`: installed in development (DEBUG) and for
benchmarks (DEMO_DATA=true), never needed in production."""
