import pytest

pytest_plugins = ["tests.fixtures.sandbox", "tests.fixtures.services", "tests.fixtures.api",
                  "tests.fixtures.clock", "tests.fixtures.outside",
                  "tests.fixtures.database", "tests.fixtures.quizzes",
                  "tests.fixtures.fake_stripe", "tests.fixtures.fake_openai"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if {"sandbox", "fresh_sandbox"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.docker)
