"""Checks that the patched moto (`moto_server.py`) still answers as SQS and
DynamoDB do, where the patches replaced moto's code: FIFO groups and
deduplication, receipt handles, redrive, long polls woken by a delete or a
visibility running out, transactions rolled back, queries paged in key
order.

Usage: python3 infra/moto_selftest.py http://127.0.0.1:PORT
"""

import json
import sys
import threading
import time
import uuid

import boto3


def client(service, endpoint):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def expect_error(code, call, **kwargs):
    try:
        call(**kwargs)
    except Exception as error:  # botocore's ClientError, by code
        assert error.response["Error"]["Code"] == code, error.response["Error"]
        return
    raise AssertionError(f"{call.__name__} accepted what SQS refuses ({code})")


def bodies(answer):
    return [m["Body"] for m in answer.get("Messages", [])]


def check_sqs(endpoint):
    sqs = client("sqs", endpoint)
    name = f"selftest-{uuid.uuid4().hex[:8]}"
    dlq = sqs.create_queue(QueueName=f"{name}-dlq.fifo", Attributes={"FifoQueue": "true"})
    dlq_url = dlq["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])
    redrive = {"deadLetterTargetArn": dlq_arn["Attributes"]["QueueArn"], "maxReceiveCount": 3}
    url = sqs.create_queue(
        QueueName=f"{name}.fifo",
        Attributes={"FifoQueue": "true", "RedrivePolicy": json.dumps(redrive)},
    )["QueueUrl"]

    def send(body, group):
        sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId=group,
                         MessageDeduplicationId=body)

    for body in ["a0", "a1", "a2", "b0", "b0"]:  # the second b0 is deduplicated
        send(body, body[0])
    first = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, VisibilityTimeout=30)
    assert bodies(first) == ["a0"], first
    # Group a is in flight: only b can come.
    assert bodies(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)) == ["b0"]

    # A long poll waiting meanwhile sees group a freed by the delete.
    polled = {}

    def poll():
        polled["answer"] = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=1, WaitTimeSeconds=10, VisibilityTimeout=30
        )

    waiter = threading.Thread(target=poll)
    waiter.start()
    time.sleep(0.5)
    handle = first["Messages"][0]["ReceiptHandle"]
    sqs.delete_message(QueueUrl=url, ReceiptHandle=handle)
    sqs.delete_message(QueueUrl=url, ReceiptHandle=handle)  # again: success, as SQS
    waiter.join()
    assert bodies(polled["answer"]) == ["a1"], polled

    expect_error("ReceiptHandleIsInvalid", sqs.change_message_visibility,
                 QueueUrl=url, ReceiptHandle=handle, VisibilityTimeout=5)
    expect_error("ReceiptHandleIsInvalid", sqs.delete_message,
                 QueueUrl=url, ReceiptHandle="not-a-handle")

    # Given back twice more: its third receive is the last, the next goes to the DLQ.
    handle = polled["answer"]["Messages"][0]["ReceiptHandle"]
    for _ in range(2):
        sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handle, VisibilityTimeout=0)
        again = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, WaitTimeSeconds=2,
                                    AttributeNames=["ApproximateReceiveCount"])
        assert bodies(again) == ["a1"], again
        handle = again["Messages"][0]["ReceiptHandle"]
    assert again["Messages"][0]["Attributes"]["ApproximateReceiveCount"] == "3"
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handle, VisibilityTimeout=0)
    last = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, WaitTimeSeconds=2)
    assert bodies(last) == ["a2"], last
    assert bodies(sqs.receive_message(QueueUrl=dlq_url, MaxNumberOfMessages=10)) == ["a1"]

    # A long poll wakes when a visibility runs out, with no other change.
    sqs.change_message_visibility(
        QueueUrl=url, ReceiptHandle=last["Messages"][0]["ReceiptHandle"], VisibilityTimeout=2
    )
    started = time.monotonic()
    back = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, WaitTimeSeconds=6)
    assert bodies(back) == ["a2"] and time.monotonic() - started < 4, back

    counts = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert counts["ApproximateNumberOfMessages"] == "0", counts
    assert counts["ApproximateNumberOfMessagesNotVisible"] == "2", counts  # a2 and b0

    # A resend of a deleted message's id within five minutes is dropped.
    sqs.delete_message(QueueUrl=url, ReceiptHandle=back["Messages"][0]["ReceiptHandle"])
    send("a0", "a")
    send("a3", "a")
    assert bodies(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)) == ["a3"]


def check_dynamodb(endpoint):
    db = client("dynamodb", endpoint)
    table = f"selftest-{uuid.uuid4().hex[:8]}"
    db.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ["pk", "sk", "g"]],
        BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[{
            "IndexName": "by-g",
            "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"},
        }],
    )

    def key(pk, sk):
        return {"pk": {"S": pk}, "sk": {"S": sk}}

    for pk in "abc":
        for n in range(25):
            item = key(pk, f"{n:03}")
            if n % 2:
                item["g"] = {"S": "odd"}
            db.put_item(TableName=table, Item=item)

    def everything():
        return sorted(json.dumps(i, sort_keys=True) for i in db.scan(TableName=table)["Items"])

    # A cancelled transaction leaves every item as it was.
    before = everything()
    set_v = {"UpdateExpression": "SET v = :v", "ExpressionAttributeValues": {":v": {"N": "2"}}}
    try:
        db.transact_write_items(TransactItems=[
            {"Update": {"TableName": table, "Key": key("a", "000"), **set_v}},
            {"Put": {"TableName": table, "Item": key("new", "1")}},
            {"Delete": {"TableName": table, "Key": key("b", "000")}},
            {"Put": {"TableName": table, "Item": key("c", "000"),
                     "ConditionExpression": "attribute_not_exists(pk)"}},
        ])
        raise AssertionError("a failed condition did not cancel the transaction")
    except db.exceptions.TransactionCanceledException:
        pass
    assert everything() == before, "a cancelled transaction changed items"
    db.transact_write_items(TransactItems=[
        {"Update": {"TableName": table, "Key": key("a", "000"), **set_v}},
        {"Delete": {"TableName": table, "Key": key("b", "000")}},
    ])
    assert db.get_item(TableName=table, Key=key("a", "000"))["Item"]["v"] == {"N": "2"}
    assert "Item" not in db.get_item(TableName=table, Key=key("b", "000"))

    def pages(**query):
        got, start = [], None
        while True:
            page = db.query(TableName=table, Limit=7, **query,
                            **({"ExclusiveStartKey": start} if start else {}))
            got += [(i["pk"]["S"], i["sk"]["S"]) for i in page["Items"]]
            start = page.get("LastEvaluatedKey")
            if not start:
                return got

    assert pages(KeyConditionExpression="pk = :p AND sk > :s",
                 ExpressionAttributeValues={":p": {"S": "b"}, ":s": {"S": "004"}}) == [
        ("b", f"{n:03}") for n in range(5, 25)]
    newest = db.query(TableName=table, KeyConditionExpression="pk = :p", Limit=2,
                      ExpressionAttributeValues={":p": {"S": "c"}}, ScanIndexForward=False)
    assert [i["sk"]["S"] for i in newest["Items"]] == ["024", "023"], newest
    assert db.query(TableName=table, KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": {"S": "none"}})["Items"] == []
    # An index without a sort key: moto orders by the table's keys, sort key first.
    odd = pages(IndexName="by-g", KeyConditionExpression="g = :g",
                ExpressionAttributeValues={":g": {"S": "odd"}})
    assert odd == [(pk, f"{n:03}") for n in range(1, 25, 2) for pk in "abc"], odd


if __name__ == "__main__":
    check_sqs(sys.argv[1])
    check_dynamodb(sys.argv[1])
    print("moto self-test: SQS and DynamoDB answer as expected", file=sys.stderr)
