"""A Judge0 CE compatible surface, so that existing Judge0 clients work unchanged.

`catalog`: what the server says about itself; `requests`: Judge0 bodies validated and mapped onto
our submissions; `responses`: our submissions as Judge0 submissions; `endpoints`: the routes.
See docs/JUDGE0.md.
"""

from grading.judge0.endpoints import router

__all__ = ["router"]
