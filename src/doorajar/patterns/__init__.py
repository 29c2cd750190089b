"""Patterns across the search: the funnel and bottleneck, feedback themes, goals, the journal and the report."""
