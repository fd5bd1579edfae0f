"""One module per command that is more than a thin call into the core."""
