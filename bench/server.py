"""A real gunicorn server on loopback, and plain HTTP clients, for benchmarks and the
reliability test. The server runs in its own process group so it can be killed with SIGKILL."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``gunicorn shuzhi.wsgi`` against ``database_url`` on 127.0.0.1."""

    def __init__(
        self,
        database_url: str,
        *,
        workers: int = 2,
        threads: int = 4,
        settings_module: str = "shuzhi.settings",
    ) -> None:
        self.database_url = database_url
        self.settings_module = settings_module
        self.workers = workers
        self.threads = threads
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        """The master's pid, which is also its process group's (every worker is in it)."""
        assert self.process is not None, "the server is not started"
        return self.process.pid

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 120.0) -> None:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}",
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "ERROR",
        }
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "shuzhi.wsgi:application",
                "--bind",
                self.host,
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--backlog",
                "2048",
                "--log-level",
                "error",
            ],
            env=env,
            start_new_session=True,  # its own process group: SIGKILL reaches every worker
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                status, _ = request(self.host, "GET", "/healthz", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited during start-up")
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer /healthz")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once, mid-request."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def request(
    host: str, method: str, path: str, payload: Any = None, timeout: float = 60.0
) -> tuple[int, Any]:
    """One request on a fresh connection (each voter is a separate phone)."""
    connection = http.client.HTTPConnection(host, timeout=timeout)
    try:
        body = None if payload is None else json.dumps(payload)
        headers = {"Content-Type": "application/json"} if body else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        kind = response.getheader("Content-Type", "")
        return response.status, json.loads(data) if "json" in kind else data
    finally:
        connection.close()
