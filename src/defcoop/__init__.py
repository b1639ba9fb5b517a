"""defcoop: who agreed what, when, from news about defence cooperation between states."""

__version__ = "0.1.0"
