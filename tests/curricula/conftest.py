import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, load_real_content

CONTENT = ROOT / "content"


@pytest.fixture
def content_tree(tmp_path) -> Path:
    """A private copy of the real content tree, to edit freely."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture
def loaded_content(db):
    load_real_content()
