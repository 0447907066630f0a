"""Sending email over SMTP, configured by one URL:

    smtp://host[:25]                  plain (a relay on the local network)
    smtp+starttls://user:pass@host[:587]   STARTTLS required, then login
    smtps://user:pass@host[:465]      TLS from the start

User and password are URL-encoded (`@` as %40). Failures are sorted into temporary (the
connection, a 4xx reply: try again later) and permanent (a 5xx reply about the recipient or the
message: trying again will not help), so that a dead mailbox is reported after one attempt and
a mail server that is down for an hour costs nothing.
"""

import re
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
# Replies about the server or our account, not about the recipient: worth trying again later
# (and worth an operator's look) even when they are 5xx.
SERVER_PROBLEMS = (
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPSenderRefused,
)


# Every character str.splitlines() breaks at (the email package refuses a header value with
# any of them), and the other control characters.
_NOT_IN_A_HEADER = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def header_text(value: str) -> str:
    """Text for a header such as Subject, on one line whatever was stored: input refuses line
    breaks in titles and names, but a row from before that must not stop its email."""
    return " ".join(_NOT_IN_A_HEADER.sub(" ", value).split())


class DeliveryError(Exception):
    permanent = False


class TemporaryFailure(DeliveryError):
    def __init__(self, text: str, *, connection: bool = False):
        super().__init__(text)
        self.connection = connection  # the server could not be reached or talked to at all


class PermanentFailure(DeliveryError):
    permanent = True


@dataclass(frozen=True)
class SmtpSettings:
    scheme: str
    host: str
    port: int
    username: str | None
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> "SmtpSettings":
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            raise ValueError(
                "SMTP_URL must look like smtp://host:25, smtp+starttls://user:pass@host:587 or "
                "smtps://user:pass@host:465"
            )
        return cls(
            scheme,
            parts.hostname,
            parts.port or DEFAULT_PORTS[scheme],
            unquote(parts.username) if parts.username else None,
            unquote(parts.password) if parts.password else None,
        )


class SmtpMailer:
    """One connection, opened on the first message and reused until close()."""

    def __init__(self, url: str, timeout: float = 30.0, local_hostname: str | None = None):
        self.settings = SmtpSettings.from_url(url)
        self.timeout = timeout
        self.local_hostname = local_hostname
        self._connection: smtplib.SMTP | None = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send(self, message: EmailMessage) -> None:
        reused = self._connection is not None
        try:
            try:
                refused = self._connect().send_message(message)
            except smtplib.SMTPServerDisconnected:
                if not reused:
                    raise
                # The server dropped an idle connection: one fresh try.
                self.close_quietly()
                refused = self._connect().send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            raise _by_code(_first_code(error.recipients), _describe(error.recipients)) from error
        except smtplib.SMTPResponseException as error:
            # Sender refused, data refused, authentication failed...: the reply says whether
            # trying again can help. The connection may be in any state after it.
            self.close_quietly()
            text = _text(error.smtp_error)
            if isinstance(error, SERVER_PROBLEMS):
                raise TemporaryFailure(f"{error.smtp_code} {text}", connection=True) from error
            raise _by_code(error.smtp_code, f"{error.smtp_code} {text}") from error
        except (OSError, smtplib.SMTPException) as error:
            self.close_quietly()
            raise TemporaryFailure(f"{type(error).__name__}: {error}", connection=True) from error
        if refused:  # accepted for some recipients only; we send one recipient per message
            raise _by_code(_first_code(refused), _describe(refused))

    def _connect(self) -> smtplib.SMTP:
        if self._connection is not None:
            return self._connection
        s = self.settings
        if s.scheme == "smtps":
            connection = smtplib.SMTP_SSL(
                s.host,
                s.port,
                timeout=self.timeout,
                local_hostname=self.local_hostname,
                context=ssl.create_default_context(),
            )
        else:
            connection = smtplib.SMTP(
                s.host, s.port, timeout=self.timeout, local_hostname=self.local_hostname
            )
            if s.scheme == "smtp+starttls":
                connection.starttls(context=ssl.create_default_context())
        if s.username:
            connection.login(s.username, s.password or "")
        self._connection = connection
        return connection

    def close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                connection.quit()
            except (OSError, smtplib.SMTPException):
                connection.close()

    def close_quietly(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            connection.close()


def _by_code(code: int | None, text: str) -> DeliveryError:
    if code is not None and 500 <= code < 600:
        return PermanentFailure(text)
    return TemporaryFailure(text)


def _first_code(recipients: dict) -> int | None:
    for code, _ in recipients.values():
        return code
    return None


def _describe(recipients: dict) -> str:
    return "; ".join(
        f"{address}: {code} {_text(message)}" for address, (code, message) in recipients.items()
    )


def _text(message) -> str:
    return message.decode(errors="replace") if isinstance(message, bytes) else str(message)
