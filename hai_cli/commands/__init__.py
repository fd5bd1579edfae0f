"""One module per command whose body is more than a call into the core."""
