"""moto_server with DynamoDB requests serialised; same arguments as moto_server.

moto checks a write's ConditionExpression and stores the item in two separate
Python steps without a lock, and its server handles requests on threads, so
two concurrent `attribute_not_exists` puts can both succeed. Real DynamoDB
makes every conditional write atomic, and the store conformance tests race
workers on purpose. One lock around each DynamoDB request restores that.
SQS requests stay concurrent: a long poll must not hold up other requests.

moto's DynamoDB transactions are patched by `moto_dynamodb_depth` to stop
copying the whole table on each one. moto's SQS is patched by `moto_sqs_depth` to keep its speed with thousands
of messages queued and to stop its idle long polls spinning (twenty idle
workers kept moto at 100% CPU and every DynamoDB call waited seconds
behind them: the `ms_load` tests on AWS, run together, never drained).
"""

import functools
import logging
import threading

import moto.backends as moto_backends
import moto.server as server
import moto_dynamodb_depth  # noqa: F401  (patches moto's DynamoDB on import)
import moto_sqs_depth  # noqa: F401  (patches moto's SQS on import)

# One log line per request cost moto an eighth of its time in a soak (its
# werkzeug server writes them through a colour wrapper); errors still show.
logging.getLogger("werkzeug").setLevel(logging.WARNING)

# moto finds each request's service by listing its package directory (a
# stat per module) and then trying hundreds of URL patterns: a tenth of its
# time in a soak. Both answers are fixed while the server runs.
assert hasattr(server.DomainDispatcherApplication, "get_backend_for_host"), "moto changed"
_modules = list(moto_backends.list_of_moto_modules())
moto_backends.list_of_moto_modules = lambda: _modules
_backend_for_host = server.DomainDispatcherApplication.get_backend_for_host


@functools.lru_cache(maxsize=256)
def _cached_backend_for_host(app, host):
    return _backend_for_host(app, host)


server.DomainDispatcherApplication.get_backend_for_host = _cached_backend_for_host

_dynamodb = threading.Lock()
_run_simple = server.run_simple


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
