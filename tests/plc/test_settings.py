import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from plc import settings as plc_settings

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-value-0123456789",
    "ALLOWED_HOSTS": "plc.example.org",
    "SITE_URL": "https://plc.example.org",
    "DATABASE_URL": "postgres://plc:secret@db:5432/plc",
    "REDIS_URL": "redis://redis:6379/0",
    "EMAIL_URL": "smtp://mail.example.org:587",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k not in {"DEBUG", "DEMO_DATA"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_values():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_runs_without_the_demo_app():
    # The deploy check above passed without it; its command isn't there either.
    result = manage("help", "seed_demo", env=PRODUCTION)
    assert result.returncode != 0
    assert "Unknown command: 'seed_demo'" in result.stderr
    development = manage("help", "seed_demo", env={"DEBUG": "true"})
    assert development.returncode == 0, development.stderr


def test_deploy_check_fails_with_the_development_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "is not a boolean"),
        ("DATABASE_URL", "mysql://x@y/z", "sqlite:// or postgres://"),
        ("SITE_URL", "plc.example.org", "must be an http(s) URL"),
        ("AXES_FAILURE_LIMIT", "five", "is not a whole number"),
        ("SECRET_KEY_FILE", "/nonexistent/secret", "can't be read"),
    ],
)
def test_bad_environment_values_fail_loudly(name, value, message):
    result = manage("check", env={name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_allowed_hosts_star_is_refused_outside_development():
    result = manage("check", env={"ALLOWED_HOSTS": "*"})
    assert result.returncode != 0
    assert "only for development" in result.stderr


def test_secret_is_read_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file-" + "x" * 50 + "\n")
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        env={"SECRET_KEY_FILE": str(secret)},
    )
    assert result.stdout.strip().splitlines()[-1] == "from-a-file-" + "x" * 50


def test_argon2_hashes_passwords_first():
    assert plc_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_dutch_first_english_available_amsterdam_time():
    assert settings.LANGUAGE_CODE == "nl"
    assert [code for code, _ in settings.LANGUAGES] == ["nl", "en"]
    assert settings.TIME_ZONE == "Europe/Amsterdam"


def test_services_in_use_match_the_environment():
    """In CI's second run DATABASE_URL and REDIS_URL are set: then the app must really use
    PostgreSQL and Redis, not fall back to the embedded defaults."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert engine == "django.db.backends.postgresql"
    else:
        assert engine == "django.db.backends.sqlite3"
    if os.environ.get("REDIS_URL"):
        assert os.environ["REDIS_URL"] == settings.CELERY_BROKER_URL
        assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    else:
        assert settings.CELERY_TASK_ALWAYS_EAGER


def test_file_mail_goes_to_the_absolute_path_in_email_url(tmp_path):
    folder = tmp_path / "mail"
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_FILE_PATH)",
        env={"EMAIL_URL": f"filemail://{folder}"},
    )
    assert result.stdout.strip().splitlines()[-1] == str(folder)


def test_file_mail_with_a_host_instead_of_a_path_fails_loudly():
    result = manage("check", env={"EMAIL_URL": "filemail://var/mail"})
    assert result.returncode != 0
    assert "filemail:///var/mail" in result.stderr
