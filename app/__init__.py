"""The composition root: the HTTP app and the app-side worker wire the contexts together.

Nothing imports it (tests/test_architecture.py)."""
