import os
import tempfile

import pytest

# The suite judges with the languages' fixed time factors: a host calibrated by `usefulwriter
# calibrate` (its default file) must not change verdicts the tests expect. Tests that need
# calibrated factors point this at a file of their own.
os.environ["USEFULWRITER_RUNNER_TIME_FACTORS_FILE"] = os.path.join(
    tempfile.gettempdir(), f"uw-tests-no-time-factors-{os.getpid()}.json")

pytest_plugins = ["tests.fixtures.sandbox", "tests.fixtures.services", "tests.fixtures.api",
                  "tests.fixtures.clock", "tests.fixtures.outside",
                  "tests.fixtures.database", "tests.fixtures.quizzes",
                  "tests.fixtures.fake_stripe", "tests.fixtures.fake_openai"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if {"sandbox", "fresh_sandbox"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.docker)
