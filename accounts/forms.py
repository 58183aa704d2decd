from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import registry
from accounts.models import User
from core.forms import PlainText
from notifications import outbox
from notifications.models import Kind

PASSWORD_OFF = _(
    "Your school board signs you in with your school account, not with a password. Type "
    "your email address and choose Next."
)


class LoginEmailForm(forms.Form):
    """The login page's first step: the address says where its person signs in."""

    username = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )


class LoginForm(AuthenticationForm):
    """The second step, a password, for everyone whose board allows one. Asked first: a
    person whose board switched passwords off is refused before their password is tried."""

    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )

    error_messages = {
        "invalid_login": _(
            "That email address and password don't match. Both are case-sensitive only "
            "in the password."
        ),
        "inactive": _("This account has been deactivated."),
        "password_off": PASSWORD_OFF,
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs["autofocus"] = True

    def clean(self) -> dict:
        username = self.cleaned_data.get("username")
        if username and not registry.password_allowed(username):
            raise ValidationError(self.error_messages["password_off"], code="password_off")
        return super().clean()


class PolicySetPasswordForm(SetPasswordForm):
    """The reset link's new password: refused for a person whose board switched passwords
    off since the link was sent (the reset form sends them none)."""

    def clean(self) -> dict:
        if not registry.password_allowed(self.user.email):
            raise ValidationError(PASSWORD_OFF, code="password_off")
        return super().clean()


class NewAccountForm(PlainText, forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict:
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2:
            if password1 != password2:
                self.add_error("password2", _("The two passwords are not the same."))
            else:
                user = User(email=self.email, full_name=data.get("full_name", ""))
                try:
                    password_validation.validate_password(password1, user)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return data


class ProfileForm(PlainText, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the mail going through the outbox like every other mail:
    in the person's language, once per link (a double click sends one mail). Nobody whose
    board switched passwords off gets a link."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if registry.password_allowed(user.email))

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        user = context["user"]
        outbox.message_queue(
            key=f"password_reset:{user.pk}:{context['token']}",
            kind=Kind.PASSWORD_RESET,
            template="password_reset",
            context=context,
            recipient=user,
            to=to_email,
        )
