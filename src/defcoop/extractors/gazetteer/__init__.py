"""The gazetteers: typed records (`records`), their parsers (`parse`), the one checked loader (`loader`)
and a disk cache of what it parsed (`cache`). Schemas: gazetteers/README.md."""

from .cache import cache_dir, cache_key, disk_cache_get, disk_cache_put
from .loader import gazetteer_dirs, load_gazetteer, shipped_dir, surface_forms, validate
from .records import (
    CUES,
    KINDS,
    ROLE_KEYS,
    SYSTEM_CATEGORIES,
    Gazetteer,
    GazetteerError,
    LanguageData,
    Lexicon,
    Official,
    Organization,
    RolePeriod,
    State,
    System,
    Trigger,
)

__all__ = [
    "CUES", "KINDS", "ROLE_KEYS", "SYSTEM_CATEGORIES", "Gazetteer", "GazetteerError", "LanguageData", "Lexicon",
    "Official", "Organization", "RolePeriod", "State", "System", "Trigger", "cache_dir", "cache_key",
    "disk_cache_get", "disk_cache_put", "gazetteer_dirs", "load_gazetteer", "shipped_dir", "surface_forms",
    "validate",
]
