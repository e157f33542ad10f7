"""moto_server with DynamoDB requests serialised; same arguments as moto_server.

moto checks a write's ConditionExpression and stores the item in two separate
Python steps without a lock, and its server handles requests on threads, so
two concurrent `attribute_not_exists` puts can both succeed. Real DynamoDB
makes every conditional write atomic, and the store conformance tests race
workers on purpose. One lock around each DynamoDB request restores that.
SQS requests stay concurrent: a long poll must not hold up other requests.

moto's SQS long poll spins: `Queue.wait_for_messages` returns at once while
any message is visible, and on a FIFO queue whose visible messages all
belong to groups already in flight, none can be received, so every idle
receiver loops flat out until its wait ends. Twenty idle workers kept
moto at 100% CPU and every DynamoDB call waited seconds behind them (the
`ms_load` tests on AWS, run together, never drained). Real SQS waits
without cost. The patched wait sleeps until a message is added or a short
tick passes, so a receiver still sees a group freed by a delete within
`_IDLE_TICK`.
"""

import threading

import moto.server as server
from moto.sqs import models as sqs_models

_dynamodb = threading.Lock()
_run_simple = server.run_simple


_IDLE_TICK = 0.05


def _wait_for_messages(self, timeout):
    with self._messages_lock:
        # Woken by `add_message`'s notify_all; otherwise one tick, not a spin.
        self._messages_lock.wait(timeout=min(timeout, _IDLE_TICK))


# Fail loudly if a moto upgrade renamed what the patch relies on.
assert hasattr(sqs_models.Queue, "wait_for_messages"), "moto's SQS Queue changed"
sqs_models.Queue.wait_for_messages = _wait_for_messages


def _serialise_dynamodb(app):
    def wrapped(environ, start_response):
        # DynamoDB's JSON protocol names the operation in X-Amz-Target: DynamoDB_20120810.PutItem
        if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
            with _dynamodb:
                return list(app(environ, start_response))
        return app(environ, start_response)

    return wrapped


def _run_simple_serialised(host, port, app, **kwargs):
    return _run_simple(host, port, _serialise_dynamodb(app), **kwargs)


server.run_simple = _run_simple_serialised

if __name__ == "__main__":
    server.main()
