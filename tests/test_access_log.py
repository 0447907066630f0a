"""The access log of `lykta serve` (server/access_log.py): every request, no secret."""

import logging

import pytest

from server.access_log import AccessLog, redact


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/open311/v2/requests.json?api_key=lyk_abc&status=open",
         "/open311/v2/requests.json?api_key=[redacted]&status=open"),
        ("/open311/v2/x.json?API_KEY=lyk_abc", "/open311/v2/x.json?API_KEY=[redacted]"),
        ("/owner/3fa85f64-5717-4562-b3fc-2c963f66afa6/eyJhIjoxfQ.sig",
         "/owner/3fa85f64-5717-4562-b3fc-2c963f66afa6/[redacted]"),
        ("https://lykta.example.se/owner/3fa85f64/eyJhIjoxfQ.sig/photos/9b1d?x=1",
         "https://lykta.example.se/owner/3fa85f64/[redacted]/photos/9b1d?x=1"),
        ("/open311/v2/media/eyJwIjoiMSJ9.aBc.sig.jpg", "/open311/v2/media/[redacted]"),
        ("/api/v1/findings?status=ny&limit=10", "/api/v1/findings?status=ny&limit=10"),
    ],
)  # fmt: skip
def test_secrets_in_urls_are_redacted(url, expected):
    assert redact(url) == expected


def test_one_line_per_request_without_secrets_or_forged_lines(caplog):
    def app(environ, start_response):
        start_response("403 FORBIDDEN", [("Content-Type", "application/json")])
        return [b'{"code": 403}']

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/open311/v2/requests.json",
        "QUERY_STRING": "api_key=lyk_secret",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_USER_AGENT": 'evil"\n127.0.0.1 - - "GET /forged',
        "HTTP_REFERER": "https://lykta.example.se/owner/abc/tok.en",
    }
    with caplog.at_level(logging.INFO, logger="gunicorn.access"):
        body = b"".join(AccessLog(app)(environ, lambda status, headers, exc_info=None: None))

    assert body == b'{"code": 403}'
    (line,) = [record.getMessage() for record in caplog.records]
    assert line.startswith("192.0.2.1 - - [")
    assert '"GET /open311/v2/requests.json?api_key=[redacted] HTTP/1.1" 403 13' in line
    assert '"https://lykta.example.se/owner/abc/[redacted]"' in line
    assert "lyk_secret" not in line and "tok.en" not in line
    assert "\n" not in line and "\\x22\\x0a127.0.0.1" in line
