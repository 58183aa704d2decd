"""The link in a staff invitation: Django's password-reset token with its own salt and the
invitation's validity (14 days, INVITATION_VALID_DAYS). It stops working once used, since
choosing a password changes what it was made from. Pure: no database."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class WelcomeTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "boards.tokens.WelcomeTokenGenerator"

    @property
    def valid_seconds(self) -> int:
        return settings.INVITATION_VALID_DAYS * 24 * 60 * 60

    def check_token(self, user, token) -> bool:
        """As Django's, but valid for the invitation's days instead of
        PASSWORD_RESET_TIMEOUT."""
        if not (user and token) or token.count("-") != 1:
            return False
        timestamp_b36, _hash = token.split("-")
        try:
            timestamp = base36_to_int(timestamp_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return 0 <= self._num_seconds(self._now()) - timestamp <= self.valid_seconds


welcome_token = WelcomeTokenGenerator()
