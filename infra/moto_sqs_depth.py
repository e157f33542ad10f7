"""moto's SQS made to keep its speed at a queue depth of thousands.

moto keeps each queue's messages in a Python list and walks it in Python
on every call: a receive reads the clock twice per message to find the
visible ones, ChangeMessageVisibility and DeleteMessage ask every message
whether it ever had the receipt handle (building a list of its handles to
ask), and GetQueueAttributes reads the clock per message again. With a few
thousand messages queued each call costs tens of milliseconds, and the
worker fleet's heartbeats and idle long polls fill moto's one core: the
2,000-event chaos soak on moto drained 9 messages a minute.

Real SQS's calls do not grow with the queue. These patches keep moto's
behaviour (which handles are accepted, what is visible, when a FIFO group
is free) and change only its cost:
- a receipt handle finds its message through an index, and membership in
  the queue is checked with the list's own identity test (C, not Python);
- the clock is read once per scan, not once per message;
- an idle long poll sleeps until something can have changed: a message
  added, deleted or made visible early (all notify), or the next
  visibility or delay running out. moto's own wait returns at once while
  any message is visible, and on a FIFO queue whose visible messages are
  all in groups already in flight it spins flat out until its wait ends.

Three of moto's faults go with them. Its receive reads the FIFO groups in
flight once per long poll, so a group freed by a delete stays closed to
that poll until it ends; and two receivers scanning at once can both take
one message (no lock). The receive below takes the queue's lock for each
scan and reads the groups in flight afresh each time. And moto forgets a
deduplication id once its message is deleted, where SQS drops a resend
for five minutes from the first send whatever became of it: a flow that
sends a finished message's id again would be served twice on moto and
once on AWS (and on the embedded queue, which keeps its ids apart).
"""

from copy import deepcopy

from moto.core.utils import unix_time, unix_time_millis
from moto.sqs import models
from moto.sqs.exceptions import ReceiptHandleIsInvalid

Message = models.Message
Queue = models.Queue
SQSBackend = models.SQSBackend

# Fail loudly if a moto upgrade changed what the patches rely on.
for owner, name in [
    (Message, "mark_received"),
    (Message, "had_receipt_handle"),
    (Queue, "messages"),
    (Queue, "delete_message"),
    (Queue, "wait_for_messages"),
    (Queue, "approximate_number_of_messages_delayed"),
    (Queue, "approximate_number_of_messages_not_visible"),
    (SQSBackend, "change_message_visibility"),
    (SQSBackend, "receive_message"),
    (models, "_filter_message_attributes"),
    (models, "DEDUPLICATION_TIME_IN_SECONDS"),
    (Queue, "add_message"),
]:
    assert hasattr(owner, name), f"moto's SQS changed: {owner.__name__}.{name}"

# The longest an idle receiver sleeps between looks at the clock; moto's
# receive loop asks for one second.
_LONGEST_IDLE_WAIT = 1.0

# Every receipt handle ever given out, to its message. Handles are random
# and never reused; moto accepts a message's earlier handles too, so none
# is dropped (a soak's hundred thousand handles are a few megabytes).
_by_handle: dict[str, Message] = {}

_mark_received = Message.mark_received


def mark_received(self, visibility_timeout=None):
    _mark_received(self, visibility_timeout)
    _by_handle[self.receipt_handle] = self


_add_message = Queue.add_message


def add_message(self, message):
    dedupe_id = message.deduplication_id
    if self.fifo_queue and dedupe_id:
        # First send of each id (ms), kept after its message is gone; an
        # entry is a few dozen bytes and a queue lives for one test or soak.
        first_sent = self.__dict__.setdefault("_first_sent_by_dedupe_id", {})
        first = first_sent.get(dedupe_id)
        window_ms = models.DEDUPLICATION_TIME_IN_SECONDS * 1000
        if first is not None and message.sent_timestamp - first < window_ms:
            return  # accepted and dropped, as SQS does
        first_sent[dedupe_id] = message.sent_timestamp
    _add_message(self, message)


def had_receipt_handle(self, receipt_handle):
    # moto's builds a list of all the message's handles to ask this.
    return receipt_handle == self.receipt_handle or receipt_handle in self._old_receipt_handles


def _message_in(queue, receipt_handle):
    """The queue's message that had `receipt_handle`, or ReceiptHandleIsInvalid."""
    message = _by_handle.get(receipt_handle)
    # `in` on a list compares by identity first, in C: Message has no __eq__.
    if message is None or message not in queue._messages:
        raise ReceiptHandleIsInvalid()
    return message


def visible_now(self):
    now = unix_time_millis()
    return [m for m in self._messages if now > m.visible_at and not now < m.delayed_until]


def delayed_count(self):
    now = unix_time_millis()
    return sum(1 for m in self._messages if now < m.delayed_until)


def not_visible_count(self):
    now = unix_time_millis()
    return sum(1 for m in self._messages if not now > m.visible_at)


def delete_message(self, receipt_handle):
    with self._messages_lock:
        if receipt_handle in self.deleted_messages:
            return  # already deleted: SQS answers success again
        message = _message_in(self, receipt_handle)
        self.pending_messages.discard(message)
        self.deleted_messages.update(message.all_receipt_handles)
        self._messages.remove(message)
        self._messages_lock.notify_all()  # its FIFO group may be free now


def change_message_visibility(self, queue_name, receipt_handle, visibility_timeout):
    queue = self.get_queue(queue_name)
    with queue._messages_lock:
        message = _message_in(queue, receipt_handle)
        given = unix_time_millis() + int(visibility_timeout) * 1000
        if given - message.sent_timestamp > 43200 * 1000:
            raise models.InvalidParameterValue(
                f"Value {visibility_timeout} for parameter VisibilityTimeout is invalid. "
                "Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]"
            )
        message.change_visibility(visibility_timeout)
        if message.visible:
            queue.pending_messages.discard(message)
        queue._messages_lock.notify_all()  # visible again early: its group may be free now


def wait_for_messages(self, timeout):
    with self._messages_lock:
        now = unix_time_millis()
        upcoming = [
            t for m in self._messages for t in (m.visible_at, m.delayed_until) if t > now
        ]
        # Until the next message turns visible or ends its delay, or a notify.
        until_next = (min(upcoming) - now) / 1000 + 0.001 if upcoming else timeout
        self._messages_lock.wait(timeout=max(0.0, min(timeout, until_next, _LONGEST_IDLE_WAIT)))


def _take_visible(backend, queue, count, visibility_timeout, attribute_names):
    """One scan: up to `count` messages marked received (copies, as moto
    answers them) and the messages out of receives, for the DLQ."""
    retention = backend.get_queue_attributes(queue.name, ["MessageRetentionPeriod"])[
        "MessageRetentionPeriod"
    ]
    now = unix_time()
    taken, to_dlq = [], []
    # A message in flight whose visibility ran out was given up by its consumer.
    now_ms = unix_time_millis()
    for message in [m for m in queue.pending_messages if now_ms > m.visible_at]:
        queue.pending_messages.discard(message)
    visible = queue.messages
    in_flight = queue.pending_message_groups if queue.fifo_queue else set()
    redrive = queue.redrive_policy if queue.dead_letter_queue is not None else None
    for message in visible:
        if message.group_id in in_flight:
            continue  # FIFO: a group waits while any of its messages is in flight
        if retention + message.sent_timestamp / 1000 <= now:
            queue._messages.remove(message)  # past retention: SQS drops it
            continue
        if redrive and message.approximate_receive_count >= redrive["maxReceiveCount"]:
            to_dlq.append(message)
            continue
        queue.pending_messages.add(message)
        message.mark_received(visibility_timeout=visibility_timeout)
        answer = deepcopy(message)  # the answer's attributes are filtered, not the message's
        models._filter_message_attributes(answer, attribute_names)
        taken.append(answer)
        if len(taken) >= count:
            break
    for message in to_dlq:
        queue._messages.remove(message)
    return taken, to_dlq


def receive_message(
    self, queue_name, count, wait_seconds_timeout, visibility_timeout, message_attribute_names=None
):
    queue = self.get_queue(queue_name)
    deadline = unix_time() + wait_seconds_timeout
    while True:
        with queue._messages_lock:
            taken, to_dlq = _take_visible(
                self, queue, count, visibility_timeout, message_attribute_names or []
            )
        for message in to_dlq:
            queue.dead_letter_queue.add_message(message)
        remaining = deadline - unix_time()
        if taken or remaining <= 0:
            return taken
        queue.wait_for_messages(remaining)


Message.mark_received = mark_received
Message.had_receipt_handle = had_receipt_handle
Queue.add_message = add_message
Queue.messages = property(visible_now)
Queue.approximate_number_of_messages_delayed = property(delayed_count)
Queue.approximate_number_of_messages_not_visible = property(not_visible_count)
Queue.delete_message = delete_message
Queue.wait_for_messages = wait_for_messages
SQSBackend.change_message_visibility = change_message_visibility
SQSBackend.receive_message = receive_message
