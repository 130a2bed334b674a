"""Real network faults on loopback, for the tests: a Redis that hangs, or is gone.

``HungServer`` accepts connections and never answers (as a Redis stuck in a long command,
or behind a dropped network route, does). Given an upstream address it forwards to it
instead until ``hang()`` is called, so a test can watch the app through a Redis that
works, then hangs, then works again (``forward()``).
"""

from __future__ import annotations

import socket
import threading


def closed_port() -> int:
    """A loopback port nothing listens on: connections to it are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HungServer:
    def __init__(self, upstream: tuple[str, int] | None = None) -> None:
        self.upstream = upstream
        self.hanging = upstream is None
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def start(self) -> HungServer:
        self.thread.start()
        return self

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def hang(self) -> None:
        """From now on nothing answers; connections already open go silent too."""
        with self.lock:
            self.hanging = True

    def forward(self) -> None:
        """Forward to the upstream again; connections held while hanging are closed, as a
        network route coming back would reset them."""
        with self.lock:
            self.hanging = False
            held, self.open = self.open, []
        for sock in held:
            _close(sock)

    def stop(self) -> None:
        _close(self.listener)
        with self.lock:
            held, self.open = self.open, []
        for sock in held:
            _close(sock)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                self.open.append(client)
                hanging = self.hanging
            if not hanging:
                upstream = socket.create_connection(self.upstream)
                with self.lock:
                    self.open.append(upstream)
                for a, b in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if not data:
                _close(target)
                return
            if self.hanging:
                continue  # swallowed: the far side waits for an answer that never comes
            try:
                target.sendall(data)
            except OSError:
                _close(source)
                return


def _close(sock: socket.socket) -> None:
    try:
        sock.close()
    except OSError:
        pass
