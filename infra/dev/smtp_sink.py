"""A real SMTP server for tests: accepts every message on loopback and stores it as an .eml
file in a folder, so tests can assert on what was delivered over SMTP.

Usage: python smtp_sink.py PORT DIR [KILL_AFTER PID_FILE]   (stop with SIGTERM)

With KILL_AFTER, the sink kills the process whose pid PID_FILE holds (SIGKILL) right after it
has stored the KILL_AFTER-th message and before it answers: the sender dies between the relay's
acceptance and its own record of it, the one moment at-least-once delivery cannot close.
"""
import asyncio
import os
import signal
import sys
import uuid

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder, kill_after=None, pid_file=None):
        self.folder = folder
        self.kill_after = kill_after
        self.pid_file = pid_file
        self.stored = 0

    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(self.folder, f"{uuid.uuid4().hex}.eml")
        tmp = name + ".part"
        with open(tmp, "wb") as f:
            f.write(b"X-Envelope-To: " + ", ".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, name)  # atomic: readers never see half a message
        self.stored += 1
        if self.kill_after is not None and self.stored == self.kill_after:
            with open(self.pid_file) as f:
                os.kill(int(f.read().strip()), signal.SIGKILL)
        return "250 Message accepted for delivery"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    kill_after = int(sys.argv[3]) if len(sys.argv) > 3 else None
    pid_file = sys.argv[4] if len(sys.argv) > 4 else None
    os.makedirs(folder, exist_ok=True)
    controller = Controller(Sink(folder, kill_after, pid_file), hostname="127.0.0.1", port=port)
    controller.start()
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"smtp sink on 127.0.0.1:{port} -> {folder}", flush=True)
    loop.run_until_complete(stop.wait())
    controller.stop()


if __name__ == "__main__":
    main()
