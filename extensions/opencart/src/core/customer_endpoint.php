<?php
/**
 * `customer.get`, `customer.list`, `customer.create`, `customer.update`,
 * `customer.delete` (the customer management of CM-1 and CM-2).
 */
class SynclaneCustomerEndpoint
{
    const MAX_LIMIT = 200;
    const DEFAULT_LIMIT = 50;

    /** @var object OpenCart's DB */
    private $db;

    /** @var string */
    private $prefix;

    /** @var int */
    private $languageId;

    /** @var SynclaneCustomerReader */
    private $reader;

    /** @var SynclaneCustomerInput */
    private $input;

    /** @var SynclaneCustomerWriter */
    private $writer;

    public function __construct($db, string $prefix, int $languageId, SynclaneCustomerReader $reader, SynclaneCustomerInput $input, SynclaneCustomerWriter $writer)
    {
        $this->db = $db;
        $this->prefix = $prefix;
        $this->languageId = $languageId;
        $this->reader = $reader;
        $this->input = $input;
        $this->writer = $writer;
    }

    public function get(SynclaneInput $query): SynclaneApiResponse
    {
        $query->allowOnly(array('op', 'customer_id'));
        return new SynclaneApiResponse(200, $this->read($query->id('customer_id')));
    }

    public function list(SynclaneInput $query): SynclaneApiResponse
    {
        $query->allowOnly(array('op', 'page', 'limit', 'customer_group_id', 'search'));
        $page = $query->has('page') ? $query->id('page') : 1;
        $limit = $query->has('limit') ? $query->id('limit') : self::DEFAULT_LIMIT;
        if ($limit > self::MAX_LIMIT) {
            throw SynclaneApiError::invalidField('limit', 'at most ' . self::MAX_LIMIT);
        }
        $where = array();
        if ($query->has('customer_group_id')) {
            // "none": customers whose group does not exist (0 or deleted), whom
            // OpenCart's own customer list leaves out.
            $where[] = $query->text('customer_group_id', 10) === 'none'
                ? "c.`customer_group_id` NOT IN (SELECT `customer_group_id` FROM `" . $this->prefix . "customer_group`)"
                : "c.`customer_group_id` = " . $query->id('customer_group_id');
        }
        if ($query->has('search') && $query->text('search', 96) !== '') {
            // "!" escapes LIKE's wildcards in MySQL and SQLite alike.
            $term = "'%" . $this->db->escape(strtr($query->text('search', 96), array('!' => '!!', '%' => '!%', '_' => '!_'))) . "%' ESCAPE '!'";
            $where[] = "(CONCAT(c.`firstname`, ' ', c.`lastname`) LIKE " . $term . " OR c.`email` LIKE " . $term . " OR c.`telephone` LIKE " . $term . ")";
        }
        $filter = $where ? " WHERE " . implode(' AND ', $where) : '';
        $total = (int)$this->db->query("SELECT COUNT(*) AS `total` FROM `" . $this->prefix . "customer` c" . $filter)->row['total'];
        $rows = $this->db->query("SELECT c.*, COALESCE(cgd.`name`, '') AS `customer_group` FROM `" . $this->prefix . "customer` c LEFT JOIN `"
            . $this->prefix . "customer_group_description` cgd ON (cgd.`customer_group_id` = c.`customer_group_id` AND cgd.`language_id` = "
            . (int)$this->languageId . ")" . $filter . " ORDER BY c.`customer_id` ASC LIMIT " . (int)$limit . " OFFSET " . (int)(($page - 1) * $limit))->rows;
        return new SynclaneApiResponse(200, array(
            'customers' => array_map(array('SynclaneCustomerReader', 'withoutSecrets'), $rows),
            'total' => $total,
            'page' => $page,
            'limit' => $limit,
        ));
    }

    public function create(SynclaneInput $query, SynclaneInput $body): SynclaneApiResponse
    {
        $query->allowOnly(array('op'));
        $checked = $this->input->read($body, 0);
        $customerId = SynclaneClient::withoutEvents(function () use ($checked) {
            return $this->writer->create($checked['columns'], $checked['addresses']);
        });
        return new SynclaneApiResponse(201, $this->read($customerId));
    }

    public function update(SynclaneInput $query, SynclaneInput $body): SynclaneApiResponse
    {
        $query->allowOnly(array('op', 'customer_id'));
        $customerId = $query->id('customer_id');
        $this->read($customerId);
        $checked = $this->input->read($body, $customerId);
        SynclaneClient::withoutEvents(function () use ($customerId, $checked) {
            $this->writer->update($customerId, $checked['columns'], $checked['addresses']);
        });
        return new SynclaneApiResponse(200, $this->read($customerId));
    }

    public function delete(SynclaneInput $query, SynclaneInput $body): SynclaneApiResponse
    {
        $query->allowOnly(array('op', 'customer_id'));
        $body->allowOnly(array());
        $customerId = $query->id('customer_id');
        $this->read($customerId);
        SynclaneClient::withoutEvents(function () use ($customerId) {
            $this->writer->delete($customerId);
        });
        return new SynclaneApiResponse(200, array('deleted' => true, 'customer_id' => (string)$customerId));
    }

    /** @return array{customer_id: string, customer: array, addresses: array, ips: array} */
    private function read(int $customerId): array
    {
        $customer = $this->reader->find($customerId);
        if ($customer === null) {
            throw SynclaneApiError::notFound('customer', $customerId);
        }
        return array(
            'customer_id' => (string)$customerId,
            'customer' => $customer,
            'addresses' => $this->reader->addresses($customer),
            'ips' => $this->reader->ips($customerId),
        );
    }
}
