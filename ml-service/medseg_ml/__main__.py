"""`python -m medseg_ml`: run the ml-service.

Exit status: 0 after a clean stop, 2 on a bad setting, 1 when the address cannot be bound.
"""

from __future__ import annotations

import asyncio
import logging
import sys

from medseg_ml.config import ConfigError, Settings
from medseg_ml.logging_setup import configure_logging

EXIT_BIND_FAILED = 1
EXIT_BAD_CONFIG = 2


def main() -> int:
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
