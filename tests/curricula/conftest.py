import shutil
from pathlib import Path

import pytest

from literacy.curricula.services import content_apply
from tests.conftest import ROOT, real_content_tree

CONTENT = ROOT / "content"


@pytest.fixture
def content_tree(tmp_path) -> Path:
    """A private copy of the real content tree, to edit freely."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture
def loaded_content(db):
    return content_apply(tree=real_content_tree())
