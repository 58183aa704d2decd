from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from accounts import registry
from accounts.forms import (
    LoginEmailForm,
    LoginForm,
    NewAccountForm,
    OutboxPasswordResetForm,
    PolicySetPasswordForm,
    ProfileForm,
)
from accounts.models import User
from communities import services
from core.http import form_error, render_page


class LoginView(auth_views.LoginView):
    """Two steps: the address first; a person of a board with single sign-on is sent to
    its provider (accounts.registry), everyone else gets the password field. A form with a
    password is checked at once (password managers, and the page without the first step)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=LoginEmailForm()))

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if "password" in request.POST:
            return super().post(request, *args, **kwargs)
        form = LoginEmailForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        email = form.cleaned_data["username"]
        school_sign_in = registry.school_sign_in_url(email, self.get_redirect_url())
        if school_sign_in:
            return redirect(school_sign_in)
        password_form = LoginForm(request, initial={"username": email})
        return self.render_to_response(self.get_context_data(form=password_form))


login_view = LoginView.as_view()
logout_view = auth_views.LogoutView.as_view()
password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    form_class=OutboxPasswordResetForm,
    email_template_name="emails/password_reset.txt",
    html_email_template_name="emails/password_reset.html",
    subject_template_name="emails/password_reset.subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
    # Links in mail point at the configured site, never at a Host header a client sent.
    extra_email_context={"site_url": settings.SITE_URL},
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    form_class=PolicySetPasswordForm,
    success_url=reverse_lazy("accounts:password_reset_complete"),
    post_reset_login=True,
    post_reset_login_backend="django.contrib.auth.backends.ModelBackend",
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html",
    success_url=reverse_lazy("accounts:profile"),
)


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your changes have been saved."))
        response = redirect("accounts:profile")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            request.user.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        return response
    return render_page(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch: a cookie for everyone, and the saved choice of a signed-in person
    (mails are sent in it)."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and check_for_language(language):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return django_set_language(request)


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_from_token(token)
    if invitation is None or not invitation.is_usable:
        return render(
            request, "accounts/invitation_invalid.html", {"invitation": invitation}, status=410
        )
    context = {"invitation": invitation, "community": invitation.community}
    if request.user.is_authenticated:
        if request.user.email != invitation.email:
            return render(request, "accounts/invitation_other_account.html", context, status=403)
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("home")
            messages.success(
                request, _("Welcome to %(community)s.") % {"community": invitation.community}
            )
            return redirect("communities:detail", pk=invitation.community_id)
        return render(request, "accounts/invitation_accept.html", context)

    if User.objects.filter(email=invitation.email).exists():
        login_url = reverse("accounts:login")
        context["login_url"] = f"{login_url}?next={request.path}"
        return render(request, "accounts/invitation_login.html", context)

    form = NewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept_new_account(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome to %(community)s.") % {"community": invitation.community}
            )
            return redirect("communities:detail", pk=invitation.community_id)
    context["form"] = form
    return render(request, "accounts/invitation_signup.html", context)
