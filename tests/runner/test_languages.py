import pytest

from runner.languages import LANGUAGES, UnknownLanguage, get_language
from seccomp.policy import LANGUAGE_ALLOW


def test_registry_has_the_five_languages() -> None:
    assert set(LANGUAGES) == {"python3", "c", "cpp", "java", "javascript"}
    assert set(LANGUAGES) == set(LANGUAGE_ALLOW)


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(UnknownLanguage, match="known: python3"):
        get_language("cobol")


def test_managed_runtimes_get_memory_flags_from_the_limit() -> None:
    java, js = get_language("java"), get_language("javascript")
    assert "-Xmx192m" in java.render(java.run_argv, 256)
    assert "--max-old-space-size=96" in js.render(js.run_argv, 128)
    c = get_language("c")
    assert c.render(c.run_argv, 256) == list(c.run_argv)


def test_compiled_languages_declare_artifacts() -> None:
    for lang in LANGUAGES.values():
        assert (lang.compile_argv is None) == (not lang.artifacts), lang.name
