"""Benchmark groups for `make bench`. Each returns lines `bench: <name> <value> <unit>`."""
from __future__ import annotations

import statistics
import time
from typing import Callable, Iterator


def timed_ms(fn: Callable[[], object], *, repeat: int = 15, warmup: int = 2) -> float:
    """Return the median wall time of ``fn`` in milliseconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def line(name: str, value: float, unit: str) -> str:
    text = f"{value:.3f}" if isinstance(value, float) else str(value)
    return f"bench: {name} {text} {unit}"


def _hierarchy() -> Iterator[str]:
    from .hierarchy import run

    return run()


def _formbuilder() -> Iterator[str]:
    from .formbuilder import run

    return run()


GROUPS: dict[str, Callable[[], Iterator[str]]] = {
    "hierarchy": _hierarchy,
    "formbuilder": _formbuilder,
    "rounds": lambda: __import__("benchmarks.rounds", fromlist=["run"]).run(),
    "indicators": lambda: __import__("benchmarks.indicators", fromlist=["run"]).run(),
    "excel": lambda: __import__("benchmarks.excel", fromlist=["run"]).run(),
}
