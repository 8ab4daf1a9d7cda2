"""python3 -m emulator [--port N] [--seed S]: serves until SIGTERM/SIGINT."""
import argparse
import signal
import sys
import threading

from .server import Server


def main():
    parser = argparse.ArgumentParser(prog="aws-emulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--port-file", help="write the chosen port here once listening")
    args = parser.parse_args()
    server = Server((args.host, args.port), seed=args.seed)
    port = server.server_address[1]
    if args.port_file:
        with open(args.port_file, "w") as f:
            f.write(f"{port}\n")
    print(f"http://{args.host}:{port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True)
    thread.start()
    while not stop.wait(0.1):
        pass
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
