"""The command line: the command table (table), the typer app built from it (app), the fast path (fast),
the commands' bodies (commands), TAB completion (tab, completion) and reading options (options)."""
