"""A real CUPS print system for the printing tests: test-only PDF queues (cups-pdf) and a
way to see what reached them.

``start_cups`` installs ``cups`` and ``printer-driver-cups-pdf`` with apt-get where they
are missing (as root on Debian), starts the scheduler where it is not running, and
gives a :class:`PrintSystem` with queues named ``wuwei-test-*`` writing into a test-only
folder; ``PrintSystem.close`` removes them (and stops the scheduler it started). When no
print system can be had, ``start_cups`` raises ``Unavailable`` with the reason in Chinese.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("cups", "printer-driver-cups-pdf")
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
GENERIC_PDF_PPD = Path("/usr/share/ppd/cupsfilters/Generic-PDF_Printer-PDF.ppd")  # has ColorModel
BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
CONF_DIR = Path("/etc/cups")
INSTANCE = "wuweitest"  # cups-pdf:/wuweitest reads /etc/cups/cups-pdf-wuweitest.conf
SPOOL = Path("/var/spool/cups")
TIMEOUT_S = 90


class Unavailable(Exception):
    """No print system can be started here (the message says why, in Chinese)."""


@dataclass
class Job:
    id: int
    title: str
    state: int  # ipp_jstate_t: 3 pending, 4 held, 5 processing, 6 stopped, 7 canceled, 9 done


class _CupsJob(ctypes.Structure):
    _fields_ = [
        ("id", ctypes.c_int),
        ("dest", ctypes.c_char_p),
        ("title", ctypes.c_char_p),
        ("user", ctypes.c_char_p),
        ("format", ctypes.c_char_p),
        ("state", ctypes.c_int),
        ("size", ctypes.c_int),
        ("priority", ctypes.c_int),
        ("completed_time", ctypes.c_long),
        ("creation_time", ctypes.c_long),
        ("processing_time", ctypes.c_long),
    ]


def _run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, check=check, timeout=600)


def _scheduler_running() -> bool:
    if shutil.which("lpstat") is None:
        return False
    return _run("lpstat", "-r", check=False).stdout.strip() == "scheduler is running"


def _install() -> None:
    """apt-get the packages (root on Debian only); Unavailable if that is not possible."""
    if not sys.platform.startswith("linux"):
        raise Unavailable("这里不是 Linux，没有可供测试的 CUPS 打印系统")
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise Unavailable("没有安装 CUPS 和 cups-pdf，且无法用 apt-get 安装（需要 root 和 Debian）")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "install", "-y", "-q", "--no-install-recommends"]
    command += ["-o", "DPkg::Lock::Timeout=600", *PACKAGES]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=1800)
    if done.returncode != 0:  # a fresh machine may have no package lists yet
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=env, timeout=900)
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=1800)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
        raise Unavailable(f"无法安装 CUPS 打印系统：{' '.join(tail)}")


def start_cups(out_dir: Path) -> PrintSystem:
    """The running print system with the test queues (installed and started as needed)."""
    if not (shutil.which("cupsd") and shutil.which("lpadmin") and BACKEND.exists()):
        _install()
    if not PPD.exists() or shutil.which("cupsd") is None:
        raise Unavailable("CUPS 或 cups-pdf 安装不完整，无法建立测试打印队列")
    system = PrintSystem(out_dir)
    if not _scheduler_running():
        if os.geteuid() != 0:
            raise Unavailable("CUPS 调度程序没有运行，且不是 root，无法启动它")
        system.start_scheduler()
    return system


class PrintSystem:
    """The scheduler, the test queues and what reached them."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.scheduler: subprocess.Popen | None = None
        self.queues: list[str] = []
        self.conf = CONF_DIR / f"cups-pdf-{INSTANCE}.conf"
        self.conf.write_text(
            f"Out {out_dir}\nAnonDirName {out_dir}\nLabel 1\nDecodeHexStrings 1\n",
            encoding="utf-8",
        )
        lib = ctypes.CDLL(ctypes.util.find_library("cups"))
        lib.cupsGetJobs.argtypes = [
            ctypes.POINTER(ctypes.POINTER(_CupsJob)),
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.c_int,
        ]
        lib.cupsFreeJobs.argtypes = [ctypes.c_int, ctypes.POINTER(_CupsJob)]
        lib.ippNewRequest.restype = ctypes.c_void_p
        lib.ippNewRequest.argtypes = [ctypes.c_int]
        lib.ippAddString.restype = ctypes.c_void_p
        lib.ippAddString.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        lib.ippAddString.argtypes += [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
        lib.cupsDoRequest.restype = ctypes.c_void_p
        lib.cupsDoRequest.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p]
        lib.ippFindAttribute.restype = ctypes.c_void_p
        lib.ippFindAttribute.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        lib.ippGetString.restype = ctypes.c_char_p
        lib.ippGetString.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
        lib.ippDelete.argtypes = [ctypes.c_void_p]
        self._lib = lib

    # -- the scheduler ------------------------------------------------------------------

    def start_scheduler(self) -> None:
        """Start cupsd in the foreground as our child; Unavailable if it does not answer."""
        self.scheduler = subprocess.Popen(
            ["cupsd", "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if not self._wait(_scheduler_running, 20):
            self.stop_scheduler()
            raise Unavailable("无法启动 CUPS 调度程序（cupsd）")

    def stop_scheduler(self) -> None:
        if self.scheduler is not None:
            self.scheduler.terminate()
            self.scheduler.wait(timeout=30)
            self.scheduler = None

    @property
    def owns_scheduler(self) -> bool:
        return self.scheduler is not None

    # -- queues -------------------------------------------------------------------------

    def add_queue(self, name: str, *options: str, ppd: Path = PPD) -> str:
        """A cups-pdf queue ``name`` (enabled, accepting), e.g. ``PageSize=Letter``."""
        self.remove_queue(name)
        args = ["lpadmin", "-p", name, "-v", f"cups-pdf:/{INSTANCE}", "-P", str(ppd), "-E"]
        for option in options:
            args += ["-o", option]
        _run(*args)
        self.queues.append(name)
        return name

    def remove_queue(self, name: str) -> None:
        _run("cancel", "-a", name, check=False)
        _run("lpadmin", "-x", name, check=False)
        if name in self.queues:
            self.queues.remove(name)

    def close(self) -> None:
        for name in list(self.queues):
            self.remove_queue(name)
        self.conf.unlink(missing_ok=True)
        self.stop_scheduler()

    # -- jobs ---------------------------------------------------------------------------

    def jobs(self, queue: str) -> list[Job]:
        """Every job of ``queue``, finished or not (``lpstat -W all``), oldest first."""
        array = ctypes.POINTER(_CupsJob)()
        count = self._lib.cupsGetJobs(ctypes.byref(array), queue.encode(), 0, -1)
        found = [
            Job(array[k].id, array[k].title.decode("utf-8", "replace"), array[k].state)
            for k in range(max(count, 0))
        ]
        if count > 0:
            self._lib.cupsFreeJobs(count, array)
        return sorted(found, key=lambda job: job.id)

    def wait_done(self, queue: str, job_id: int) -> Job:
        """The job once CUPS has finished it (AssertionError if it does not finish)."""

        def finished() -> bool:
            return any(j.id == job_id and j.state >= 7 for j in self.jobs(queue))

        assert self._wait(finished, TIMEOUT_S), f"job {job_id} did not finish: {self.jobs(queue)}"
        return next(j for j in self.jobs(queue) if j.id == job_id)

    def document(self, job_id: int) -> Path:
        """The file the job handed to CUPS (kept in the spool after the job is done)."""
        return SPOOL / f"d{job_id:05d}-001"

    def job_option(self, job_id: int, name: str) -> str | None:
        """A job attribute as CUPS keeps it (IPP Get-Job-Attributes)."""
        lib = self._lib
        request = lib.ippNewRequest(0x0009)  # IPP_OP_GET_JOB_ATTRIBUTES
        uri = f"ipp://localhost/jobs/{job_id}".encode()
        lib.ippAddString(request, 1, 0x45, b"job-uri", None, uri)  # operation group, uri
        response = lib.cupsDoRequest(None, request, b"/")
        if not response:
            return None
        try:
            found = lib.ippFindAttribute(response, name.encode(), 0)
            value = lib.ippGetString(found, 0, None) if found else None
        finally:
            lib.ippDelete(response)
        return None if value is None else value.decode("utf-8", "replace")

    def output(self, job_id: int) -> Path:
        """The PDF cups-pdf wrote for the job (what a printer would have printed)."""

        def written() -> list[Path]:
            return list(self.out_dir.glob(f"*job_{job_id}.pdf"))

        self._wait(lambda: bool(written()), 30)
        matches = written()
        assert matches, f"cups-pdf wrote nothing for job {job_id}: {list(self.out_dir.iterdir())}"
        return matches[0]

    @staticmethod
    def _wait(condition, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.2)
        return condition()
