"""Loopback servers on ports that are never raced for: the test binds the socket once (port 0,
the kernel picks) and hands the listening socket itself to the server, the way systemd socket
activation does (LISTEN_FDS / LISTEN_PID, the socket as fd 3). Binding, closing and passing the
number to a server that binds it again lets another process take the port in between."""
from __future__ import annotations

import os
import socket
import subprocess


def listening_socket(host: str = "127.0.0.1") -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((host, 0))
    sock.listen(64)
    return sock


def popen_socket_activated(cmd: list[str], sock: socket.socket, **kwargs) -> subprocess.Popen:
    """Start `cmd` with `sock` as its fd 3 and the systemd variables that say so. LISTEN_PID must
    be the server's own pid, known only after fork: bash sets it and execs the server (dash
    cannot redirect fds above 9)."""
    env = dict(kwargs.pop("env", None) or os.environ)
    env["LISTEN_FDS"] = "1"
    env["LISTEN_FDNAMES"] = "listener"  # Twisted wants as many names as descriptors
    fd = sock.fileno()
    shell = f'export LISTEN_PID=$$; exec "$@" 3<&{fd}'
    return subprocess.Popen(["/bin/bash", "-c", shell, "bash", *cmd], env=env, pass_fds=(fd,), **kwargs)


def twist_web(twist: str, path: str, sock: socket.socket, **kwargs) -> subprocess.Popen:
    """Twisted's static web server (answers byte ranges) on the handed-over socket."""
    return popen_socket_activated([twist, "web", "--listen", "systemd:domain=INET:index=0", "--path", path],
                                  sock, **kwargs)
