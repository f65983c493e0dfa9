"""What the machine is, and what the measured processes cost it: CPU, resident memory, start-up time.

  machine      cores, CPU model, memory (free -g), kernel, PostgreSQL and its settings, the versions of Java,
               Node.js, wrk and pgbench, the commit, and the load average (again before the hot path and at
               the end), so that a reader can tell what else was running
  CpuAccount   where the CPU went during one measurement: the server process, the PostgreSQL backends of
               the benchmark database, the load generator and everything else (from /proc)
  start-up     the service restarted on the loaded database: process start to /q/health/ready UP, and the
               Quarkus log's own "started in"
  memory       VmRSS (and VmHWM, the peak) of /proc/PID/status: idle after start-up and --settle seconds,
               right after the largest hot-path run (recorded there), and at the end of the run
"""
import os
import resource
import threading
import time
from pathlib import Path

from . import processes
from .common import ROOT, log, psql, sh

CLK_TCK = os.sysconf("SC_CLK_TCK")


def proc_status(pid):
    """VmRSS and VmHWM of pid in MiB."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                k, v = line.split(":")
                out[k] = round(int(v.split()[0]) / 1024, 1)
    except OSError:
        pass
    return {"rss_mib": out.get("VmRSS"), "peak_rss_mib": out.get("VmHWM")}


def proc_cpu_seconds(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime
    except (OSError, IndexError, ValueError):
        return None


def machine_cpu():
    """(busy, total) jiffies of the whole machine."""
    v = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return sum(v) - idle, sum(v)


class CpuAccount:
    """CPU seconds spent during one measurement by: the server process (service or PostGraphile), the
    PostgreSQL backends of the benchmark database (polled from /proc every 0.25 s, so short-lived pgbench
    backends count too, up to their last poll), the load generator (this script's children: wrk or
    pgbench), and the whole machine (busy time of /proc/stat). What the machine spent beyond the three is
    "other": anything else running on the shared cores, the kernel's network work included."""

    def __init__(self, db, server_pid=None):
        self.db, self.server_pid = db, server_pid
        self.first, self.last = {}, {}
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)

    def _backends(self):
        mark = f" {self.db} ".encode()
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                cmd = Path(f"/proc/{d}/cmdline").read_bytes()
                if cmd.startswith(b"postgres: ") and mark in cmd:
                    yield int(d), proc_cpu_seconds(int(d))
            except OSError:
                continue

    def _poll(self, initial=False):
        while True:
            for pid, cpu in self._backends():
                if cpu is None:
                    continue
                if pid not in self.first:
                    self.first[pid] = cpu if initial else 0.0
                self.last[pid] = cpu
            if initial or self.stop_event.wait(0.25):
                return

    def __enter__(self):
        self._poll(initial=True)
        self.server0 = proc_cpu_seconds(self.server_pid) if self.server_pid else None
        c = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.children0 = c.ru_utime + c.ru_stime
        self.machine0 = machine_cpu()
        self.t0 = time.monotonic()
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        self.thread.join()
        for pid, cpu in self._backends():
            if cpu is not None and pid in self.first:
                self.last[pid] = cpu
        m1 = machine_cpu()
        c = resource.getrusage(resource.RUSAGE_CHILDREN)
        server1 = proc_cpu_seconds(self.server_pid) if self.server_pid else None
        self.wall = time.monotonic() - self.t0
        self.seconds = {
            "server": (server1 - self.server0) if self.server0 is not None and server1 is not None else None,
            "postgres": sum(self.last[p] - self.first[p] for p in self.last),
            "loadgen": c.ru_utime + c.ru_stime - self.children0,
            "machine": (m1[0] - self.machine0[0]) / CLK_TCK,
            "capacity": (m1[1] - self.machine0[1]) / CLK_TCK,
        }
        return False

    def summary(self, requests):
        s = self.seconds
        known = sum(v for k, v in s.items() if k in ("server", "postgres", "loadgen") and v is not None)
        out = {"machine_busy_pct": round(100 * s["machine"] / s["capacity"], 1) if s["capacity"] else None,
               "cores_busy": round(s["machine"] / self.wall, 2)}
        for k in ("server", "postgres", "loadgen"):
            if s[k] is not None:
                out[f"{k}_cores"] = round(s[k] / self.wall, 2)
                out[f"{k}_cpu_ms_per_request"] = round(s[k] * 1000 / requests, 3) if requests else None
        out["other_cores"] = round(max(0.0, s["machine"] - known) / self.wall, 2)
        return out


def loadavg():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def machine(run):
    """The "machine" step."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown")
    java = sh(["java", "-version"], check=False).stderr.splitlines()
    run.r["machine"] = {
        "nproc": sh(["nproc"]).stdout.strip(),
        "free_g": sh(["free", "-g"]).stdout.rstrip(),
        "cpu_model": cpu,
        "kernel": sh(["uname", "-sr"]).stdout.strip(),
        "postgresql": psql("postgres", "select version()"),
        "pg_settings": psql("postgres", "select string_agg(name || '=' || setting || coalesce(unit, ''), ', ' "
                                        "order by name) from pg_settings where name in ('shared_buffers', "
                                        "'max_connections', 'work_mem', 'synchronous_commit', 'fsync', 'jit')"),
        "java": " / ".join(java[:2]),
        "node": sh(["node", "--version"]).stdout.strip(),
        "wrk": (sh(["wrk", "--version"], check=False).stdout.splitlines() or ["wrk"])[0].split(" Copyright")[0].strip(),
        "pgbench": sh(["pgbench", "--version"]).stdout.strip(),
        "loadavg_start": loadavg(),
    }
    try:
        head = sh(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]).stdout.strip()
        dirty = sh(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src", "pom.xml"]).stdout.strip()
        run.r["machine"]["commit"] = head + (" (with uncommitted changes in src/ or pom.xml)" if dirty else "")
    except Exception:  # noqa: BLE001
        run.r["machine"]["commit"] = "unknown"
    m = run.r["machine"]
    log(f"{m['nproc']} cores ({m['cpu_model']}), {m['postgresql'].split(' on ')[0]}, {m['java'].split(' / ')[0]}, "
        f"load {m['loadavg_start']}")


def restart(run):
    """The "service start" step: the timed start on the loaded database, then the idle memory."""
    log("restarting the service (timed start on the loaded database, then idle memory)")
    s = processes.start_service(run.args, run.jar, run.run_dir, "bench")
    run.r["startup"] = s
    time.sleep(run.args.settle)
    s["idle"] = proc_status(s["pid"])
    log(f"service ready in {s['ready_s']} s (Quarkus: started in {s['quarkus_started_in_s']} s); "
        f"idle RSS {s['idle']['rss_mib']} MiB")


def finish(run):
    """The service's memory at the end of the run (after ingest)."""
    pid = processes.pid("service")
    if pid:
        run.r.setdefault("startup", {})["end"] = proc_status(pid)
