"""Entry script of the frozen wall client (PyInstaller needs a script file, not an entry point).

Both `iocwall.exe` (console) and `iocwall-kiosk.exe` (windowed) run this same script; they differ only
in the PE subsystem PyInstaller writes into each bootloader, so the commands behave the same in both.
"""

import sys
import traceback

from wall_client.cli import main

if __name__ == "__main__":
    try:
        code = main()
    except Exception:
        # A windowed PyInstaller app shows an uncaught exception in a message box and waits for a click:
        # on an unattended wall PC that would hold the crashed process open and stop the kiosk watchdog
        # from restarting it. Print the traceback (to the console, or to the log file rthook_vlc.py opened)
        # and exit with a failure code instead.
        traceback.print_exc()
        if sys.stderr is not None:
            sys.stderr.flush()
        code = 1
    raise SystemExit(code)
