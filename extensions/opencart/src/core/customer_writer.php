<?php
/**
 * Writes customers for the API with the extension's own statements rather
 * than OpenCart's customer models: those models fire the very events the
 * extension listens to (and 3.0's admin model is not reachable from the
 * storefront, where the API runs). The rows written are the ones the shop's
 * own admin model writes.
 */
class SynclaneCustomerWriter
{
    /** @var object OpenCart's DB */
    private $db;

    /** @var string */
    private $prefix;

    /** @var SynclaneFlavour */
    private $flavour;

    /** @var int */
    private $languageId;

    public function __construct($db, string $prefix, SynclaneFlavour $flavour, int $languageId)
    {
        $this->db = $db;
        $this->prefix = $prefix;
        $this->flavour = $flavour;
        $this->languageId = $languageId;
    }

    /**
     * @param array<string, string|int> $columns checked by SynclaneCustomerInput
     * @param array<int, array>|null $addresses
     */
    public function create(array $columns, ?array $addresses): int
    {
        $customerId = 0;
        SynclaneSql::transaction($this->db, function () use ($columns, $addresses, &$customerId) {
            SynclaneSql::insert($this->db, $this->prefix . 'customer', $columns + $this->flavour->unusablePasswordColumns() + $this->flavour->extraCustomerColumns() + array(
                'store_id' => 0,
                'language_id' => $this->languageId,
                'custom_field' => '',
                'ip' => '',
                'safe' => 0,
                'token' => '',
                'code' => '',
                'date_added' => date('Y-m-d H:i:s'),
            ));
            $customerId = (int)$this->db->getLastId();
            $this->replaceAddresses($customerId, $addresses === null ? array() : $addresses);
        });
        return $customerId;
    }

    /**
     * @param array<string, string|int> $columns
     * @param array<int, array>|null $addresses null keeps the addresses
     */
    public function update(int $customerId, array $columns, ?array $addresses): void
    {
        SynclaneSql::transaction($this->db, function () use ($customerId, $columns, $addresses) {
            if ($columns) {
                SynclaneSql::update($this->db, $this->prefix . 'customer', $columns, 'customer_id', $customerId);
            }
            if ($addresses !== null) {
                $this->replaceAddresses($customerId, $addresses);
            }
        });
    }

    public function delete(int $customerId): void
    {
        SynclaneSql::transaction($this->db, function () use ($customerId) {
            foreach (array_merge(array('customer'), $this->flavour->customerTables()) as $table) {
                $this->db->query("DELETE FROM `" . $this->prefix . $table . "` WHERE `customer_id` = " . (int)$customerId);
            }
        });
    }

    /**
     * Replaces every address of the customer as the shop's admin form does
     * (delete, then insert), keeping the ids of the ones the caller listed
     * with an address_id so orders that point at them stay valid.
     *
     * @param array<int, array{address_id: int, columns: array, default: bool}> $addresses
     */
    private function replaceAddresses(int $customerId, array $addresses): void
    {
        $this->db->query("DELETE FROM `" . $this->prefix . "address` WHERE `customer_id` = " . (int)$customerId);
        $defaultId = 0;
        foreach ($addresses as $address) {
            // Optional fields left out are empty strings: the columns are NOT NULL.
            $columns = array('customer_id' => $customerId) + $address['columns']
                + array('company' => '', 'address_2' => '', 'postcode' => '', 'custom_field' => '');
            if ($address['address_id'] > 0) {
                $columns = array('address_id' => $address['address_id']) + $columns;
            }
            if (!$this->flavour->isOc3()) {
                $columns['default'] = (int)$address['default'];
            }
            SynclaneSql::insert($this->db, $this->prefix . 'address', $columns);
            if ($address['default']) {
                $defaultId = $address['address_id'] > 0 ? $address['address_id'] : (int)$this->db->getLastId();
            }
        }
        if ($this->flavour->isOc3()) {
            SynclaneSql::update($this->db, $this->prefix . 'customer', array('address_id' => $defaultId), 'customer_id', $customerId);
        }
    }
}
