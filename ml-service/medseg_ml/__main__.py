"""`python -m medseg_ml`: run the ml-service.

Exit status: 0 after a clean stop, 2 on a bad setting, 1 when the address cannot be bound,
killed (SIGKILL, or status 3) when the parent that asked it to watch (MEDSEG_ML_EXIT_WITH_STDIN) is gone.
"""

from __future__ import annotations

import asyncio
import logging
import sys

from medseg_ml.busy_exit import exit_past_busy_threads
from medseg_ml.config import ConfigError, Settings
from medseg_ml.logging_setup import configure_logging
from medseg_ml.parent_watch import watch_parent_pipe

EXIT_BIND_FAILED = 1
EXIT_BAD_CONFIG = 2


def main() -> int:
    watch_parent_pipe()
    try:
        settings = Settings.from_env()
    except ConfigError as e:
        # Logging is not set up yet (its format is a setting), so plain stderr.
        print(f"medseg-ml: {e}", file=sys.stderr)
        return EXIT_BAD_CONFIG
    configure_logging(settings.log_format)

    # Imported here so a bad setting is reported without waiting for torch to import.
    from medseg_ml.server import BindError, serve

    try:
        asyncio.run(serve(settings))
    except ConfigError as e:
        print(f"medseg-ml: {e}", file=sys.stderr)
        return EXIT_BAD_CONFIG
    except BindError as e:
        logging.getLogger("medseg_ml").error(str(e))
        return EXIT_BIND_FAILED
    return exit_past_busy_threads(0)


if __name__ == "__main__":
    sys.exit(main())
