"""Strict parsing of settings from the environment.

A value that is set but can't be read is a deployment mistake: it fails loudly at
start-up instead of silently falling back to a default.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str) -> str:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false)")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the file named by NAME_FILE (Docker and systemd secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} can't be read: {exc}") from None
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def database_config(url: str) -> dict:
    try:
        config = environ.Env.db_url_config(url)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"DATABASE_URL can't be read: {exc}") from None
    if config.get("ENGINE") not in {
        "django.db.backends.sqlite3",
        "django.db.backends.postgresql",
    }:
        raise ImproperlyConfigured("DATABASE_URL must be a sqlite:// or postgres:// URL")
    return config


def email_config(url: str) -> dict:
    try:
        config = environ.Env.email_url_config(url)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"EMAIL_URL can't be read: {exc}") from None
    parts = urlsplit(url)
    if parts.scheme == "filemail" and parts.path:
        # django-environ drops the leading slash of filemail:///var/mail, which then lands
        # under the working directory: the path is the URL's path, as written.
        if parts.netloc:
            raise ImproperlyConfigured(
                "EMAIL_URL filemail:// takes a path after three slashes: filemail:///var/mail"
            )
        config["EMAIL_FILE_PATH"] = unquote(parts.path)
    return config
