"""The grading service: challenges, submissions, results, webhooks, the Judge0 surface."""
