"""Subcommands of mlp-explainer, one module each."""
