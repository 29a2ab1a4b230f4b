"""`python -m runnerhost`: the runner pool process (the same as `usefulwriter runner`)."""

import sys

from runnerhost.pool import main

if __name__ == "__main__":
    sys.exit(main())
