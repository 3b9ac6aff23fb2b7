"""Exit together with the process that started us.

`npm start` and the test stacks (scripts/lib/spawn.mjs) set MEDSEG_ML_EXIT_WITH_STDIN=1 and give us
a stdin pipe they never write to. Its end closes only when that parent dies, however it dies
(SIGKILL, a closed terminal, the OOM killer), so EOF on stdin means nobody is left to stop us: we
kill our own process group, job processes included, instead of lingering as an orphan on the port.
Unlike a parent-death signal this works off Linux too and takes our children along.
"""

from __future__ import annotations

import os
import signal
import threading

ENV_VAR = "MEDSEG_ML_EXIT_WITH_STDIN"
EXIT_PARENT_GONE = 3
THREAD_NAME = "parent-watch"


def watch_parent_pipe() -> None:
    """Starts the watch when the parent asked for it; started first, before torch imports."""
    if os.environ.get(ENV_VAR) != "1":
        return
    threading.Thread(target=_exit_at_eof, name=THREAD_NAME, daemon=True).start()


def _exit_at_eof() -> None:
    try:
        while os.read(0, 4096):
            pass  # nobody writes; data would only mean a parent that does, which we ignore
    except OSError:
        pass  # a closed or broken stdin means the same as EOF
    if os.getpgrp() == os.getpid():
        # We lead our group (the parent spawned us detached): the group is ours alone to end.
        os.killpg(os.getpid(), signal.SIGKILL)
    os._exit(EXIT_PARENT_GONE)
