"""The crowd's client (congress.bench.Getter) counts only a whole 200 as a success."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from congress.bench import Getter
from congress.localenv import free_port


class Answers(BaseHTTPRequestHandler):
    """/ok: 200 with its whole body; /missing: 404; /cut: 200 that ends before its Content-Length."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 (http.server's name)
        body = "建议列表".encode() * 100
        status, length = {"/ok": (200, len(body)), "/missing": (404, len(body)), "/cut": (200, len(body) + 10)}[
            self.path]
        assert self.headers["Authorization"] == "Bearer k"
        self.send_response(status)
        self.send_header("Content-Length", str(length))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture
def port():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_a_whole_200_succeeds_and_anything_else_is_an_error(port):
    headers = {"Authorization": "Bearer k"}
    assert Getter(port, "/ok", headers)() is True
    assert Getter(port, "/missing", headers)() is False
    assert Getter(port, "/cut", headers)() is False  # the connection closed short of the body


def test_a_server_that_is_not_there_is_an_error():
    assert Getter(free_port(), "/ok")() is False
