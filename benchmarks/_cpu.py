"""CPU accounting of the benchmarks: the machine has 2 cores, so anything else running skews
req/s; these tell how much of the CPU other processes took."""

import os
import resource
import time
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# Processes that serve the benchmark's requests besides gunicorn and wrk.
SERVICE_COMMANDS = {"postgres", "redis-server"}


def _machine_ticks() -> tuple[int, int]:
    """(total, busy) CPU ticks of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:8]]
    return sum(values), sum(values) - values[3] - values[4]  # minus idle and iowait


def _process_ticks(process_group: int | None) -> int:
    """CPU ticks used so far by gunicorn's process group and the database/cache servers."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        command = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        # fields[2] is the process group; fields[11], fields[12] are utime, stime
        if int(fields[2]) == process_group or command in SERVICE_COMMANDS:
            ticks += int(fields[11]) + int(fields[12])
    return ticks


def _children_ticks() -> int:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return round((usage.ru_utime + usage.ru_stime) * CLOCK_TICKS)


class CpuAccount:
    """Share of the machine's CPU used by processes other than the benchmark's own
    (gunicorn, wrk, PostgreSQL, Redis) between `start()` and `stop()`."""

    def __init__(self, process_group: int | None = None):
        self.process_group = process_group

    def _sample(self) -> tuple[int, int, int]:
        total, busy = _machine_ticks()
        return total, busy, _process_ticks(self.process_group) + _children_ticks()

    def start(self) -> None:
        self.before = self._sample()

    def stop(self) -> float:
        total, busy, ours = (
            after - before for after, before in zip(self._sample(), self.before, strict=True)
        )
        return max(0.0, (busy - ours) / total) if total else 0.0


def background_cpu(seconds: float = 1.0, process_group: int | None = None) -> float:
    account = CpuAccount(process_group)
    account.start()
    time.sleep(seconds)
    return account.stop()


def wait_for_quiet(
    threshold: float = 0.10, patience: float = 120, process_group: int | None = None, log=print
) -> float:
    """Wait (at most `patience` seconds) until other processes leave the CPUs mostly idle."""
    deadline = time.monotonic() + patience
    busy = background_cpu(process_group=process_group)
    while busy > threshold and time.monotonic() < deadline:
        log(f"  machine busy ({busy:.0%} CPU used by other processes): waiting")
        time.sleep(5)
        busy = background_cpu(process_group=process_group)
    return busy
