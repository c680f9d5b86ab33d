"""One module per output format. Each returns a value (a string, a rich renderable); only the CLI prints."""
