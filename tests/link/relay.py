"""A TCP relay on a free loopback port to a server's port: each connection's bytes passed on
both ways, until ``hold`` keeps back what the server answers (never delivered). A link's
replies lost on the way, with real sockets and nothing of the protocol touched."""

from __future__ import annotations

import select
import socket
import threading


class Relay:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.holding = threading.Event()
        self._closed = threading.Event()
        self._threads = [threading.Thread(target=self._accept, daemon=True)]
        self._threads[0].start()

    def hold(self) -> None:
        """From now on keep back every byte the server sends."""
        self.holding.set()

    def close(self) -> None:
        self._closed.set()
        self.listener.close()
        for thread in self._threads:
            thread.join(timeout=10)

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:  # closed
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            thread = threading.Thread(target=self._pass, args=(client, server), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _pass(self, client: socket.socket, server: socket.socket) -> None:
        """Until either side closes (then both are closed)."""
        with client, server:
            while not self._closed.is_set():
                readable, _, _ = select.select([client, server], [], [], 0.2)
                for source in readable:
                    try:
                        data = source.recv(65536)
                        if not data:
                            return
                        if source is client:
                            server.sendall(data)
                        elif not self.holding.is_set():
                            client.sendall(data)
                    except OSError:
                        return
