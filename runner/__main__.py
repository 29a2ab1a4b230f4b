"""`python -m runner`: the runner pool process (see judge.runner_pool).

Its slots run grading jobs, so they live in judge/. runner/ never imports judge
(tests/test_architecture.py): the pool is reached here by its dotted name only.
"""

import importlib
import sys

POOL_MODULE = "judge.runner_pool"

if __name__ == "__main__":
    sys.exit(importlib.import_module(POOL_MODULE).main())
