"""Writing a file whole or not at all, so a failure never leaves half a file behind."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(out: Path, data: bytes) -> None:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
