import re
from pathlib import Path

import pytest

from grading import languages as offered
from sandbox.images import IMAGES_DIR
from sandbox.languages import ALIASES, LANGUAGES, UnknownLanguage, canonical, get_language
from scoring.package import EXTENSIONS, language_of_file
from seccomp.generate import path_for
from seccomp.policy import LANGUAGE_ALLOW


def test_registry_has_the_sixteen_languages() -> None:
    assert set(LANGUAGES) == {"python3", "c", "cpp", "java", "javascript", "go", "rust", "ruby",
                              "php", "csharp", "kotlin", "typescript", "bash", "haskell", "sql",
                              "postgresql"}
    assert set(LANGUAGES) == set(LANGUAGE_ALLOW)


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_language_has_its_image_profile_extension_and_judge0_id(language: str) -> None:
    lang = get_language(language)
    assert (IMAGES_DIR / lang.image / "Dockerfile").is_file()
    assert path_for(language).is_file() and path_for(language, jail=True).is_file()
    assert language_of_file(Path(lang.source_name), (language,)) == language
    assert lang.source_name.endswith(tuple(EXTENSIONS))
    served = offered.get(language)
    assert served is not None and offered.by_judge0_id(served.judge0_id) == served
    assert re.search(r"\d", served.display), "the version is part of the name clients see"
    assert re.search(r"\d", lang.display)


def test_judge0_ids_are_unique() -> None:
    ids = [o.judge0_id for o in offered.offered()]
    assert len(ids) == len(set(ids)) == len(LANGUAGES)


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(UnknownLanguage, match="known: python3"):
        get_language("cobol")


@pytest.mark.parametrize(("name", "ours"), [
    ("python", "python3"), ("py", "python3"), ("PY3", "python3"), (" python3 ", "python3"),
    ("js", "javascript"), ("node", "javascript"), ("nodejs", "javascript"),
    ("c++", "cpp"), ("cxx", "cpp"), ("C++17", "cpp"), ("gcc", "c"), ("java17", "java"),
    ("golang", "go"), ("rs", "rust"), ("rb", "ruby"), ("C#", "csharp"), ("cs", "csharp"),
    ("kt", "kotlin"), ("ts", "typescript"), ("sh", "bash"), ("hs", "haskell"),
    ("sqlite", "sql"), ("postgres", "postgresql"), ("PgSQL", "postgresql")])
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
    assert "-Xmx192m" in get_language("kotlin").render(get_language("kotlin").run_argv, 256)
    cs = get_language("csharp")
    assert "MONO_GC_PARAMS=max-heap-size=192m" in cs.render(cs.run_argv, 256)
    assert "--max-old-space-size=96" in js.render(js.run_argv, 128)
    c = get_language("c")
    assert c.render(c.run_argv, 256) == list(c.run_argv)


def test_compiled_languages_declare_artifacts() -> None:
    for lang in LANGUAGES.values():
        assert (lang.compile_argv is None) == (not lang.artifacts), lang.name


def test_enabled_languages_come_from_the_settings_by_any_name(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from sandbox.settings import SandboxSettings

    assert SandboxSettings().enabled_languages() == list(LANGUAGES)
    monkeypatch.setenv("USEFULWRITER_RUNNER_LANGUAGES", "py, golang,C++,python3")
    assert SandboxSettings().enabled_languages() == ["python3", "go", "cpp"]


def test_an_unknown_enabled_language_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    from sandbox.settings import SandboxSettings

    monkeypatch.setenv("USEFULWRITER_RUNNER_LANGUAGES", "python3,cobol")
    with pytest.raises(ValidationError, match=r"languages\n.*unknown language 'cobol'"):
        SandboxSettings()
