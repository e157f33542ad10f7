#!/usr/bin/env python3
"""Cold-start init time of the Lambda binaries, measured locally.

For each binary: start it with a fake Lambda Runtime API on loopback and time
from process start to its first `GET /runtime/invocation/next` (tracing set
up, environment read, AWS clients built: the function is ready). The fake API
then answers nothing, and the process is killed. No AWS call is made during
init (the SDK clients connect lazily), so no endpoint is needed.

    cargo lambda build --release
    python3 infra/bench-cold-start.py target/lambda 20
"""
import http.server
import os
import statistics
import subprocess
import sys
import threading
import time

FUNCTIONS = ["hook-opencart", "hook-moysklad", "hook-woocommerce", "worker",
             "crm-history-poll", "stock-pull", "price-pull", "admin"]


class Api(http.server.BaseHTTPRequestHandler):
    ready = threading.Event()

    def do_GET(self):  # noqa: N802 (http.server's naming)
        if self.path.endswith("/runtime/invocation/next"):
            Api.ready.set()
        time.sleep(5)  # hold the long poll; the process is killed meanwhile

    def log_message(self, *args):
        pass


def once(binary, port):
    Api.ready.clear()
    env = dict(os.environ,
               AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{port}",
               AWS_LAMBDA_FUNCTION_NAME="bench", AWS_LAMBDA_FUNCTION_MEMORY_SIZE="256",
               AWS_LAMBDA_FUNCTION_VERSION="1", AWS_REGION="us-east-1",
               AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
               TABLE_NAME="t", QUEUE_URL="http://127.0.0.1:9/q.fifo", DLQ_URL="http://127.0.0.1:9/d.fifo",
               SECRETS_KEY_ID="k", ADMIN_TOKEN_SHA256="0" * 64, RUST_LOG="error")
    start = time.perf_counter()
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ok = Api.ready.wait(10)
    elapsed = time.perf_counter() - start
    proc.kill()
    _, err = proc.communicate()
    if not ok:
        # e.g. a schedule function whose job is not registered refuses to start.
        raise RuntimeError(err.decode().strip()[-200:] or "exited before asking for an invocation")
    return elapsed * 1000


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "target/lambda"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    print(f"| function | size (MiB) | init p50 (ms) | init max (ms) |  ({runs} runs each)")
    print("|---|---|---|---|")
    for name in FUNCTIONS:
        binary = os.path.join(root, name, "bootstrap")
        size = os.path.getsize(binary) / 2**20
        try:
            times = [once(binary, port) for _ in range(runs)]
        except RuntimeError as refused:
            print(f"| `{name}` | {size:.1f} | did not start: {refused} | |")
            continue
        print(f"| `{name}` | {size:.1f} | {statistics.median(times):.1f} | {max(times):.1f} |")
    server.shutdown()


if __name__ == "__main__":
    main()
