import pytest

from sandbox.languages import ALIASES, LANGUAGES, UnknownLanguage, canonical, get_language
from seccomp.policy import LANGUAGE_ALLOW


def test_registry_has_the_five_languages() -> None:
    assert set(LANGUAGES) == {"python3", "c", "cpp", "java", "javascript"}
    assert set(LANGUAGES) == set(LANGUAGE_ALLOW)


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(UnknownLanguage, match="known: python3"):
        get_language("cobol")


@pytest.mark.parametrize(("name", "ours"), [
    ("python", "python3"), ("py", "python3"), ("PY3", "python3"), (" python3 ", "python3"),
    ("js", "javascript"), ("node", "javascript"), ("nodejs", "javascript"),
    ("c++", "cpp"), ("cxx", "cpp"), ("C++17", "cpp"), ("gcc", "c"), ("java17", "java")])
def test_common_aliases_name_the_canonical_language(name: str, ours: str) -> None:
    assert canonical(name) == ours and get_language(name).name == ours


def test_aliases_are_unambiguous_lower_case_and_listed_on_errors() -> None:
    names = [a for lang in LANGUAGES.values() for a in (lang.name, *lang.aliases)]
    assert len(names) == len(set(names)) == len(ALIASES)
    assert all(a == a.lower() for a in names)
    with pytest.raises(UnknownLanguage, match=r"python3 \(python, py, py3\)"):
        canonical("pyhton")


def test_managed_runtimes_get_memory_flags_from_the_limit() -> None:
    java, js = get_language("java"), get_language("javascript")
    assert "-Xmx192m" in java.render(java.run_argv, 256)
    assert "--max-old-space-size=96" in js.render(js.run_argv, 128)
    c = get_language("c")
    assert c.render(c.run_argv, 256) == list(c.run_argv)


def test_compiled_languages_declare_artifacts() -> None:
    for lang in LANGUAGES.values():
        assert (lang.compile_argv is None) == (not lang.artifacts), lang.name
