"""People: contacts and their history, the doors kept open, and the revisit list."""
