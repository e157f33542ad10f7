"""moto_server with DynamoDB requests serialised; same arguments as moto_server.

moto checks a write's ConditionExpression and stores the item in two separate
Python steps without a lock, and its server handles requests on threads, so
two concurrent `attribute_not_exists` puts can both succeed. Real DynamoDB
makes every conditional write atomic, and the store conformance tests race
workers on purpose. One lock around each DynamoDB request restores that.
SQS requests stay concurrent: a long poll must not hold up other requests.
"""

import threading

import moto.server as server

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
