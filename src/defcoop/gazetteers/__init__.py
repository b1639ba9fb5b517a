"""Shipped gazetteers and lexicons (YAML data); the loader is `defcoop.extractors.gazetteer`."""
