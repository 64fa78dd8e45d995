"""Where the newsroom's archive texts are: they live outside the repository.

`NEWSROOM_CORPUS` when set; else `shared/corpus` next to the checkout (the newsroom's layout);
else /work/shared/corpus (a clone made elsewhere on the newsroom's machines). A developer
without the texts sees the corpus tests skipped; under CI (`CI` set) they run and fail, so a
missing corpus can never pass for a green build.
"""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_CANDIDATES = [
    Path(p)
    for p in (
        os.environ.get("NEWSROOM_CORPUS"),
        REPO.parent / "shared" / "corpus",
        "/work/shared/corpus",
    )
    if p
]
CORPUS = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir() and not os.environ.get("CI"),
    reason=f"no corpus at {CORPUS} (set NEWSROOM_CORPUS)",
)
