<?php
/**
 * `transaction.list` and `transaction.add`: a customer's store-credit
 * transactions (CM-3). Amounts are strings with 4 decimals, as
 * DECIMAL(15,4) holds them.
 */
class SynclaneTransactionEndpoint
{
    const MAX_LIMIT = 200;
    const DEFAULT_LIMIT = 50;

    /** @var object OpenCart's DB */
    private $db;

    /** @var string */
    private $prefix;

    public function __construct($db, string $prefix)
    {
        $this->db = $db;
        $this->prefix = $prefix;
    }

    public function list(SynclaneInput $query): SynclaneApiResponse
    {
        $query->allowOnly(array('op', 'customer_id', 'page', 'limit'));
        $customerId = $this->customerId($query);
        $page = $query->has('page') ? $query->id('page') : 1;
        $limit = $query->has('limit') ? $query->id('limit') : self::DEFAULT_LIMIT;
        if ($limit > self::MAX_LIMIT) {
            throw SynclaneApiError::invalidField('limit', 'at most ' . self::MAX_LIMIT);
        }
        $rows = $this->db->query("SELECT `customer_transaction_id`, `order_id`, `description`, `amount`, `date_added` FROM `" . $this->prefix
            . "customer_transaction` WHERE `customer_id` = " . $customerId . " ORDER BY `customer_transaction_id` DESC LIMIT " . (int)$limit
            . " OFFSET " . (int)(($page - 1) * $limit))->rows;
        $total = $this->db->query("SELECT COUNT(*) AS `total` FROM `" . $this->prefix . "customer_transaction` WHERE `customer_id` = " . $customerId)->row['total'];
        return new SynclaneApiResponse(200, array(
            'customer_id' => (string)$customerId,
            'transactions' => array_map(array($this, 'normalised'), $rows),
            'total' => (int)$total,
            'balance' => $this->balance($customerId),
            'page' => $page,
            'limit' => $limit,
        ));
    }

    public function add(SynclaneInput $query, SynclaneInput $body): SynclaneApiResponse
    {
        $query->allowOnly(array('op', 'customer_id'));
        $customerId = $this->customerId($query);
        $body->allowOnly(array('description', 'amount', 'order_id'));
        $columns = array(
            'customer_id' => $customerId,
            'order_id' => $body->has('order_id') ? $body->id('order_id', 0) : 0,
            'description' => $body->text('description', 1000, false),
            'amount' => $body->amount('amount'),
            'date_added' => date('Y-m-d H:i:s'),
        );
        if ($columns['order_id'] > 0 && !$this->db->query("SELECT 1 FROM `" . $this->prefix . "order` WHERE `order_id` = " . $columns['order_id'])->num_rows) {
            throw SynclaneApiError::notFound('order', $columns['order_id']);
        }
        $id = SynclaneClient::withoutEvents(function () use ($columns) {
            SynclaneSql::insert($this->db, $this->prefix . 'customer_transaction', $columns);
            return (int)$this->db->getLastId();
        });
        $row = $this->db->query("SELECT `customer_transaction_id`, `order_id`, `description`, `amount`, `date_added` FROM `" . $this->prefix
            . "customer_transaction` WHERE `customer_transaction_id` = " . $id)->row;
        return new SynclaneApiResponse(201, array(
            'customer_id' => (string)$customerId,
            'transaction' => $this->normalised($row),
            'balance' => $this->balance($customerId),
        ));
    }

    private function customerId(SynclaneInput $query): int
    {
        $customerId = $query->id('customer_id');
        if (!$this->db->query("SELECT 1 FROM `" . $this->prefix . "customer` WHERE `customer_id` = " . $customerId)->num_rows) {
            throw SynclaneApiError::notFound('customer', $customerId);
        }
        return $customerId;
    }

    private function balance(int $customerId): string
    {
        $sum = $this->db->query("SELECT COALESCE(SUM(`amount`), 0) AS `balance` FROM `" . $this->prefix . "customer_transaction` WHERE `customer_id` = " . $customerId)->row['balance'];
        return number_format((float)$sum, 4, '.', '');
    }

    /**
     * @param array<string, mixed> $row
     * @return array<string, string>
     */
    private function normalised(array $row): array
    {
        $row['amount'] = number_format((float)$row['amount'], 4, '.', '');
        return array_map('strval', $row);
    }
}
