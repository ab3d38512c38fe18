"""Every language the switcher offers has a complete catalogue (ckb stays off until it has one)."""

import subprocess

import pytest
from django.conf import settings

from tests.conftest import ROOT


def _untranslated(code: str) -> int:
    """Untranslated or fuzzy entries of locale/<code>, counted by GNU gettext's msgattrib."""
    po = str(ROOT / "locale" / code / "LC_MESSAGES" / "django.po")
    count = 0
    for selection in ("--untranslated", "--only-fuzzy"):
        out = subprocess.run(
            ["msgattrib", selection, "--no-obsolete", po], capture_output=True, text=True, check=True
        ).stdout
        count += out.count("\nmsgid ")
    return count


@pytest.mark.parametrize("code", [code for code, _ in settings.LANGUAGES if code != "en"])
def test_every_offered_language_is_fully_translated(code):
    assert _untranslated(code) == 0, f"locale/{code} has untranslated or fuzzy entries"


def test_central_kurdish_is_not_offered_while_its_catalogue_is_incomplete():
    assert _untranslated("ckb") > 0, "ckb is complete now: offer it in settings.LANGUAGES"
    assert "ckb" not in {code for code, _ in settings.LANGUAGES}
