"""One way to build and send a mail: templates/emails/<name>.subject.txt, .txt and .html."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation


def _render_plain(name: str, context: dict) -> str:
    """A plain-text template, without HTML escaping: a subject or a text body reads
    "Lezen & Schrijven", not "Lezen &amp; Schrijven"."""
    return get_template(name).template.render(Context(context, autoescape=False))


def render(name: str, context: dict, *, language: str) -> tuple[str, str, str]:
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = _render_plain(f"emails/{name}.subject.txt", context)
        text = _render_plain(f"emails/{name}.txt", context)
        html = render_to_string(f"emails/{name}.html", context)
    return " ".join(subject.split()), text, html


def send(name: str, *, to: str, context: dict, language: str) -> None:
    subject, text, html = render(name, context, language=language)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
