import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
SOURCES = [
    "manage.py",
    "plc",
    "accounts",
    "communities",
    "cycles",
    "observations",
    "boards",
    "templates",
]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_catalogue_is_complete(language):
    po = catalogue(language)
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert len(po) > 100


@pytest.mark.parametrize("language", ["nl", "en"])
def test_compiled_catalogue_matches_the_source(language):
    compiled = {
        e.msgid: e.msgstr
        for e in polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
        if not e.msgid_plural
    }
    stale = [
        e.msgid
        for e in catalogue(language)
        if not e.msgid_plural and not e.obsolete and compiled.get(e.msgid) != e.msgstr
    ]
    assert stale == [], "run `make messages`"


def test_every_translatable_string_is_in_the_catalogue(tmp_path):
    """`make messages` was run after the last change to a template or a message."""
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "PLC_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(tmp_path / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    known = {e.msgid for e in catalogue("nl")}
    missing = sorted(e.msgid for e in fresh if e.msgid not in known)
    assert missing == [], "run `make messages` and translate"
