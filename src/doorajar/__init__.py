"""doorajar: turn every job rejection into an open door."""

__version__ = "0.1.0"
