"""One module per command that has no older home in ``hai_cli/cli.py``."""
