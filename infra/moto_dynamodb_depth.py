"""moto's DynamoDB made to cost what a request touches, not the table.

A soak's single table holds tens of thousands of items, and DynamoDB
requests are serialised (`moto_server.py`), so one slow call holds up all
the others. Two of moto's calls grow with the table; real DynamoDB's
do not.

Query: moto lists every item of the table, sorted, for each query, and
then keeps the matching partition (or, on an index, the matching items)
and sorts those again. The patch hands a base-table query only its
partition and an index query the items unsorted; the query's own sort
still orders the answer, as the index and table keys make each item's
place unique.

TransactWriteItems: before each one moto moto deep-copies every table the
transaction names, to put it back if one of the writes fails. On a
single-table design that is the whole store on every transaction: with a
few thousand items each one took hundreds of milliseconds, and as DynamoDB
requests are serialised every other call waited behind it. The patch keeps moto's transaction code and its all-or-nothing outcome but
changes the backup: the items the transaction names are copied before it
and put back if it fails, and the whole-table copy is skipped while it runs
(`Table.__deepcopy__` answers the table itself for those tables only).
That is safe because DynamoDB requests run one at a time.
"""

import copy

from moto.dynamodb import models
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table

DynamoDBBackend = models.DynamoDBBackend

# Fail loudly if a moto upgrade changed what the patches rely on.
assert hasattr(DynamoDBBackend, "transact_write_items"), "moto's DynamoDB changed"
assert hasattr(Table, "query") and hasattr(Table, "all_items"), "moto's DynamoDB changed"
assert not hasattr(Table, "__deepcopy__"), "moto's DynamoDB Table copies itself now"

# Tables (by id) inside a transaction: their deep copy is the table itself.
_in_transaction: set[int] = set()

_transact_write_items = DynamoDBBackend.transact_write_items
_query = Table.query
_all_items = Table.all_items

# While a Table.query runs (requests run one at a time): (table, the
# partition's hash key, or None on an index).
_query_scope = None


def all_items(self):
    scope = _query_scope
    if scope is None or scope[0] is not self:
        return _all_items(self)
    _, hash_key = scope
    if hash_key is None:  # an index: every item, the query sorts the matches
        if not self.range_key_attr:
            return list(self.items.values())
        return [item for partition in self.items.values() for item in partition.values()]
    partition = self.items.get(hash_key)
    if partition is None:
        return []
    return list(partition.values()) if self.range_key_attr else [partition]


def query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key,
          scan_index_forward, projection_expressions, index_name=None, *args, **kwargs):
    global _query_scope
    _query_scope = (self, None if index_name else hash_key)
    try:
        return _query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key,
                      scan_index_forward, projection_expressions, index_name, *args, **kwargs)
    finally:
        _query_scope = None


def _table_deepcopy(self, memo):
    if id(self) in _in_transaction:
        return self
    # What copy.deepcopy does for a plain object: a new one, its dict copied.
    twin = object.__new__(type(self))
    memo[id(self)] = twin
    twin.__dict__.update(copy.deepcopy(self.__dict__, memo))
    return twin


def _slot(table, op):
    """The (hash, range) key of the item an operation writes."""
    key = op["Item"] if "Item" in op else op["Key"]
    hash_key = DynamoType(key[table.hash_key_attr])
    range_key = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
    return hash_key, range_key


def _saved_items(backend, transact_items):
    """Each named item as it is now (a copy), or None where there is none."""
    saved = []
    for entry in transact_items:
        try:
            (op,) = entry.values()
            table = backend.tables[op["TableName"]]
            hash_key, range_key = _slot(table, op)
            current = table.get_item(hash_key, range_key)
        except Exception:
            continue  # malformed: moto refuses it before writing anything
        saved.append((table, hash_key, range_key, copy.deepcopy(current)))
    return saved


def _put_back(saved):
    for table, hash_key, range_key, item in reversed(saved):
        if range_key is not None:
            if item is None:
                table.items.get(hash_key, {}).pop(range_key, None)
            else:
                table.items[hash_key][range_key] = item
        elif item is None:
            table.items.pop(hash_key, None)
        else:
            table.items[hash_key] = item


def transact_write_items(self, transact_items):
    saved = _saved_items(self, transact_items)
    tables = {id(table) for table, *_ in saved}
    _in_transaction.update(tables)
    try:
        return _transact_write_items(self, transact_items)
    except Exception:
        _put_back(saved)
        raise
    finally:
        _in_transaction.difference_update(tables)


Table.all_items = all_items
Table.query = query
Table.__deepcopy__ = _table_deepcopy
DynamoDBBackend.transact_write_items = transact_write_items
