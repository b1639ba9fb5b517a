"""The fact rules, one module per stage or concern; importing this package registers them all."""

from . import actors, dating, framing, modality, systems, triggers

__all__ = ["actors", "dating", "framing", "modality", "systems", "triggers"]
