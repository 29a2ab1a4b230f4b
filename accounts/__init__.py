"""Accounts: users, passwords, tokens, API keys, and who the caller is."""
