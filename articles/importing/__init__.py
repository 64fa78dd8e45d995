"""Plain-text import: parse (text -> parsed articles) -> link (names -> entities) -> load."""
