"""The client secrets of the boards' identity providers, encrypted at rest (Fernet: AES with
an HMAC). The key is SSO_ENCRYPTION_KEY when the environment gives one (a Fernet key), else
derived from SECRET_KEY, so a database copy alone never reveals a board's secret. Changing
either key makes the stored secrets unreadable: the board administrator types them again."""

import base64
import hashlib
import re

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

# The only environment variables a board's provider may name for its secret: the value goes
# to an issuer the board administrator chooses, so never SECRET_KEY, EMAIL_URL and the like.
ENV_PREFIX = "PLC_SSO_SECRET_"
ENV_NAME = re.compile(rf"^{ENV_PREFIX}[A-Z0-9_]{{1,85}}$")


def env_name_allowed(name: str) -> bool:
    return bool(ENV_NAME.fullmatch(name))


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
