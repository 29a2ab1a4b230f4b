"""The runner-host deployable: a pool of slots working the queues (`usefulwriter runner`)."""
