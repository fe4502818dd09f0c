"""A throwaway PostgreSQL cluster for the tests: Debian's server, a unix socket in a temp dir.

``start_cluster`` installs Debian's ``postgresql`` package with apt-get when it is missing
and we run as root, then runs ``initdb`` and ``pg_ctl`` (as the ``postgres`` user when we
are root, since initdb refuses root) with ``listen_addresses=''`` and the socket in the
cluster's own folder (``tls=True``: also on 127.0.0.1, with TLS and a self-signed
certificate made by the ``openssl`` program). ``Cluster.stop`` stops the server and
removes the folder.
When no cluster can be had, ``ClusterUnavailable`` carries the reason in Chinese.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"
DATABASE = "wuwei"


class ClusterUnavailable(RuntimeError):
    """No PostgreSQL cluster can be started here; the message says why (in Chinese)."""


@dataclass
class Cluster:
    """A running throwaway cluster."""

    folder: Path
    port: int
    as_user: str | None

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    def url(self, database: str = DATABASE) -> str:
        """The SQLAlchemy URL of ``database`` on this cluster (no password: trust on the socket)."""
        return (
            f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.socket_dir}&port={self.port}"
        )

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        command = [pg_bin("pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"]
        subprocess.run(_as(self.as_user, command), capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


def pg_bin(name: str) -> str:
    """The newest installed PostgreSQL server program ``name`` (Debian keeps them off PATH)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version_key)
    if found:
        return found[-1]
    on_path = shutil.which(name)
    if on_path is None:
        raise ClusterUnavailable(f"没有找到 PostgreSQL 的 {name} 程序")
    return on_path


def _version_key(path: str) -> int:
    version = Path(path).parent.parent.name
    return int(version) if version.isdigit() else 0


def _as(user: str | None, command: list[str]) -> list[str]:
    return ["runuser", "-u", user, "--", *command] if user else command


def ensure_server_installed() -> None:
    """Install Debian's ``postgresql`` with apt-get when the server programs are missing."""
    if glob.glob("/usr/lib/postgresql/*/bin/initdb") or shutil.which("initdb"):
        return
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise ClusterUnavailable(
            "没有安装 PostgreSQL 服务器，且不能用 apt-get 安装（需要 root 和 Debian）"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"],
    ):
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
        if done.returncode:
            reason = done.stderr.strip()[-300:]
            raise ClusterUnavailable(f"用 apt-get 安装 PostgreSQL 失败：{reason}")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_cluster(*, tls: bool = False) -> Cluster:
    """Install (when needed), initialise and start a cluster; create the ``wuwei`` database.
    With ``tls`` it also listens on 127.0.0.1:port with TLS on."""
    if os.name != "posix":
        raise ClusterUnavailable("测试用的 PostgreSQL 临时集群只在 Linux 上启动")
    ensure_server_installed()
    as_user = SUPERUSER if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="wuwei-pg-"))
    (folder / "socket").mkdir()
    if as_user:
        shutil.chown(folder, as_user)
        shutil.chown(folder / "socket", as_user)
        folder.chmod(0o755)
    data = folder / "data"
    port = _free_port()
    initdb = [pg_bin("initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8"]
    steps = [
        [*initdb, "--locale=C.UTF-8"],
        [
            pg_bin("pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-t",
            "60",
            "-l",
            str(folder / "server.log"),
            "-o",
            f"-k {folder / 'socket'} -p {port} -c fsync=off "
            + ("-c listen_addresses=127.0.0.1 -c ssl=on" if tls else "-c listen_addresses=''"),
            "start",
        ],
        [
            pg_bin("createdb"),
            "-h",
            str(folder / "socket"),
            "-p",
            str(port),
            "-U",
            SUPERUSER,
            DATABASE,
        ],
    ]
    if tls:
        if shutil.which("openssl") is None:
            raise ClusterUnavailable("没有 openssl 程序，无法生成测试证书")
        certificate = ["openssl", "req", "-new", "-x509", "-days", "2", "-nodes", "-subj",
                       "/CN=localhost", "-keyout", str(data / "server.key"),
                       "-out", str(data / "server.crt")]  # fmt: skip
        steps.insert(1, certificate)
        steps.insert(2, ["chmod", "600", str(data / "server.key")])
    cluster = Cluster(folder, port, as_user)
    for command in steps:
        done = subprocess.run(
            _as(as_user, command), capture_output=True, text=True, timeout=120, cwd=folder
        )
        if done.returncode:
            cluster.stop()
            output = (done.stderr or done.stdout).strip()[-400:]
            program = Path(command[0]).name
            raise ClusterUnavailable(f"PostgreSQL 临时集群启动失败（{program}）：{output}")
    return cluster
