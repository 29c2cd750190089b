"""The agenda: one list of what to do and when, for the CLI, the web, the digest and the calendar feed."""
