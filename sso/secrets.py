"""The client secrets of the boards' identity providers, encrypted at rest (Fernet: AES with
an HMAC). The key is SSO_ENCRYPTION_KEY when the environment gives one (a Fernet key), else
derived from SECRET_KEY, so a database copy alone never reveals a board's secret. Changing
either key makes the stored secrets unreadable: the board administrator types them again."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class SecretUnreadable(Exception):
    """A stored secret that the current key cannot decrypt."""


def _fernet() -> Fernet:
    key = settings.SSO_ENCRYPTION_KEY
    if not key:
        digest = hashlib.sha256(f"plc-sso-client-secret:{settings.SECRET_KEY}".encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    return Fernet(key)


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError) as error:
        raise SecretUnreadable from error
