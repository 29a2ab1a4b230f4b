"""Domain-free plumbing: imports no feature, no context, no deployable."""
