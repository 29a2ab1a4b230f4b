"""The language registry: an explicit dict, no import-time discovery."""

from sandbox.languages.base import Language
from sandbox.languages.bash import Bash
from sandbox.languages.c import C
from sandbox.languages.cpp import Cpp
from sandbox.languages.csharp import CSharp
from sandbox.languages.go import Go
from sandbox.languages.haskell import Haskell
from sandbox.languages.java import Java
from sandbox.languages.javascript import JavaScript
from sandbox.languages.kotlin import Kotlin
from sandbox.languages.php import Php
from sandbox.languages.postgresql import PostgreSql
from sandbox.languages.python3 import Python3
from sandbox.languages.ruby import Ruby
from sandbox.languages.rust import Rust
from sandbox.languages.sql import Sql
from sandbox.languages.typescript import TypeScript

LANGUAGES: dict[str, type[Language]] = {
    lang.name: lang for lang in (Python3, C, Cpp, Java, JavaScript, Go, Rust, Ruby, Php, CSharp,
                                 Kotlin, TypeScript, Bash, Haskell, Sql,
                                 PostgreSql)
}


# Every accepted name (canonical or alias, lower case) -> the canonical name.
ALIASES: dict[str, str] = {
    alias: lang.name for lang in LANGUAGES.values() for alias in (lang.name, *lang.aliases)
}


class UnknownLanguage(KeyError):
    pass


def known_names() -> str:
    """For error messages: "python3 (python, py, py3), c (gcc, c17), ..." """
    return ", ".join(f"{n} ({', '.join(lang.aliases)})" if lang.aliases else n
                     for n, lang in LANGUAGES.items())


def canonical(name: str) -> str:
    """The canonical name of a language given by any of its names, in any case."""
    try:
        return ALIASES[name.strip().lower()]
    except (KeyError, AttributeError):
        raise UnknownLanguage(f"unknown language {name!r}; known: {known_names()}") from None


def get_language(name: str) -> type[Language]:
    return LANGUAGES[canonical(name)]


__all__ = ["ALIASES", "LANGUAGES", "Language", "UnknownLanguage", "canonical", "get_language",
           "known_names"]
