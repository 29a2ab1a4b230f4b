"""The language registry: an explicit dict, no import-time discovery."""

from runner.languages.base import Language
from runner.languages.c import C
from runner.languages.cpp import Cpp
from runner.languages.java import Java
from runner.languages.javascript import JavaScript
from runner.languages.python3 import Python3

LANGUAGES: dict[str, type[Language]] = {
    lang.name: lang for lang in (Python3, C, Cpp, Java, JavaScript)
}


class UnknownLanguage(KeyError):
    pass


def get_language(name: str) -> type[Language]:
    try:
        return LANGUAGES[name]
    except KeyError:
        raise UnknownLanguage(f"unknown language {name!r}; known: {', '.join(LANGUAGES)}") from None


__all__ = ["LANGUAGES", "Language", "UnknownLanguage", "get_language"]
