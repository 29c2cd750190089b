"""Send one message over SMTP (STARTTLS, TLS or plain on loopback), with short timeouts.

Reusable by anything that sends mail (drafts, the agenda digest). Every failure is
a `MailError` with one clear line; nothing here decides whether sending is wise.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from doorajar.errors import MailError
from doorajar.mail import secrets
from doorajar.mail.secrets import ENV_SMTP_PASSWORD, KEYRING_SERVICE


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to send."""

    host: str
    port: int = 587
    user: str = ""
    security: str = "starttls"  # starttls | tls | plain
    timeout: float = 15.0
    password: str | None = None


def password(
    user: str, host: str, env: str = ENV_SMTP_PASSWORD, scheme: str = "smtp"
) -> str | None:
    """The password from the environment, else the keyring (`doorajar`, `smtp://user@host`)."""
    return secrets.lookup(scheme, user, host, env)


def send(message: EmailMessage, config: SmtpConfig, context: ssl.SSLContext | None = None) -> str:
    """Hand a message to the SMTP server; return the server's reply. Raises MailError."""
    if not config.host:
        raise MailError("No SMTP server set: `ajar config smtp_host smtp.example.org`.")
    if config.security not in ("starttls", "tls", "plain"):
        raise MailError(f"smtp_security is starttls, tls or plain, not '{config.security}'.")
    where = f"{config.host}:{config.port}"
    context = context or ssl.create_default_context()
    try:
        if config.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                config.host, config.port, timeout=config.timeout, context=context
            )
        else:
            client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        with client:
            client.ehlo()
            if config.security == "starttls":
                client.starttls(context=context)
                client.ehlo()
            if config.user:
                if config.password is None:
                    raise MailError(
                        f"No SMTP password for {config.user}: set ${ENV_SMTP_PASSWORD} or run "
                        f"`keyring set {KEYRING_SERVICE} smtp://{config.user}@{config.host}`."
                    )
                client.login(config.user, config.password)
            refused = client.send_message(message)
            if refused:
                who = ", ".join(refused)
                raise MailError(f"The SMTP server {where} refused the recipient(s): {who}.")
            code, reply = client.noop()
            return f"{code} {reply.decode(errors='replace')}"
    except MailError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(f"The SMTP server {where} refused the login: {_reply(exc)}.") from None
    except smtplib.SMTPRecipientsRefused as exc:
        who = ", ".join(exc.recipients)
        raise MailError(f"The SMTP server {where} refused the recipient(s): {who}.") from None
    except smtplib.SMTPNotSupportedError:
        raise MailError(
            f"The SMTP server {where} does not offer STARTTLS; set smtp_security to 'tls' or, "
            "for a server on this machine only, 'plain'."
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise MailError(f"The SMTP server {where} refused the message: {_reply(exc)}.") from None
    except smtplib.SMTPServerDisconnected as exc:
        if "timed out" not in str(exc):
            raise MailError(f"The SMTP server {where} closed the connection: {exc}.") from None
        raise MailError(
            f"The SMTP server {where} did not answer within {config.timeout:g} seconds."
        ) from None
    except TimeoutError:
        raise MailError(
            f"The SMTP server {where} did not answer within {config.timeout:g} seconds."
        ) from None
    except ssl.SSLError as exc:
        raise MailError(f"TLS with the SMTP server {where} failed: {exc.reason}.") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(f"Cannot send through {where}: {exc}.") from None


def _reply(exc: smtplib.SMTPResponseException) -> str:
    text = (
        exc.smtp_error.decode(errors="replace")
        if isinstance(exc.smtp_error, bytes)
        else str(exc.smtp_error)
    )
    return f"{exc.smtp_code} {text}".strip()
