"""Outside production, SECRET_KEY and the test provider's webhook secret are drawn at random
once per installation and kept under the data folder, never read off the published source."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.SECRET_KEY); print(settings.AGORA_TEST_PROVIDER_SECRET)"
)


def _secrets(data_dir: Path, **env) -> list[str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "AGORA_TEST_PROVIDER_SECRET", "AGORA_ENV"}
    }
    environ.update(DJANGO_SETTINGS_MODULE="agora.settings", AGORA_DATA_DIR=str(data_dir), **env)
    out = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def test_each_installation_draws_its_own_secrets_and_keeps_them(tmp_path):
    # given two fresh installations
    first = _secrets(tmp_path / "one")
    second = _secrets(tmp_path / "two")

    # then their secrets differ, are long, and the key and provider secret differ
    assert first != second
    assert all(len(s) >= 32 for s in first + second)
    assert first[0] != first[1]
    # and a restart keeps them (sessions and signed events stay valid)
    assert _secrets(tmp_path / "one") == first
    # kept only for the owner
    assert (tmp_path / "one" / "secrets" / "secret_key").stat().st_mode & 0o077 == 0


def test_explicit_settings_win_over_the_drawn_ones(tmp_path):
    key, provider = "k" * 50, "p" * 40
    assert _secrets(tmp_path, SECRET_KEY=key, AGORA_TEST_PROVIDER_SECRET=provider) == [
        key,
        provider,
    ]
    assert not (tmp_path / "secrets").exists()


@pytest.mark.parametrize("processes", [6])
def test_simultaneous_first_starts_agree_on_one_secret(tmp_path, processes):
    environ = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "AGORA_ENV"}}
    environ.update(DJANGO_SETTINGS_MODULE="agora.settings", AGORA_DATA_DIR=str(tmp_path))
    environ.pop("AGORA_TEST_PROVIDER_SECRET", None)
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", SHOW], cwd=ROOT, env=environ, stdout=subprocess.PIPE, text=True
        )
        for _ in range(processes)
    ]
    outputs = {tuple(run.communicate()[0].split()) for run in runs}
    assert len(outputs) == 1
