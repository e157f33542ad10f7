<?php
/**
 * A customer as Synclane sees it, in events and API answers alike: the
 * `customer` row without its secrets, and its addresses with the country's
 * ISO code and the zone's name.
 */
class SynclaneCustomerReader
{
    /** Never leave the shop. */
    const SECRET_COLUMNS = array('password', 'salt', 'token', 'code');

    /** @var object OpenCart's DB */
    private $db;

    /** @var string */
    private $prefix;

    /** @var SynclaneFlavour */
    private $flavour;

    public function __construct($db, string $prefix, SynclaneFlavour $flavour)
    {
        $this->db = $db;
        $this->prefix = $prefix;
        $this->flavour = $flavour;
    }

    /** @return array<string, mixed>|null the row without its secrets */
    public function find(int $customerId): ?array
    {
        $query = $this->db->query("SELECT * FROM `" . $this->prefix . "customer` WHERE `customer_id` = " . (int)$customerId);
        return $query->num_rows ? self::withoutSecrets($query->row) : null;
    }

    /**
     * @param array<string, mixed> $row
     * @return array<string, mixed>
     */
    public static function withoutSecrets(array $row): array
    {
        return array_diff_key($row, array_flip(self::SECRET_COLUMNS));
    }

    /**
     * The customer's addresses, oldest first: every `address` column plus
     * country, iso_code_2, zone, zone_code, and `default` ("1" for the default
     * address; 4.0 has the column, 3.0 keeps it on `customer.address_id`).
     *
     * @param array<string, mixed> $customer a row from find()
     * @return array<int, array<string, mixed>>
     */
    public function addresses(array $customer): array
    {
        $query = $this->db->query("SELECT a.*, COALESCE(c.`name`, '') AS `country`, COALESCE(c.`iso_code_2`, '') AS `iso_code_2`, "
            . "COALESCE(z.`name`, '') AS `zone`, COALESCE(z.`code`, '') AS `zone_code` FROM `" . $this->prefix . "address` a "
            . "LEFT JOIN `" . $this->prefix . "country` c ON (c.`country_id` = a.`country_id`) "
            . "LEFT JOIN `" . $this->prefix . "zone` z ON (z.`zone_id` = a.`zone_id`) "
            . "WHERE a.`customer_id` = " . (int)$customer['customer_id'] . " ORDER BY a.`address_id` ASC");
        $rows = $query->rows;
        if ($this->flavour->isOc3()) {
            foreach ($rows as $i => $row) {
                $rows[$i]['default'] = (string)$row['address_id'] === (string)$customer['address_id'] ? '1' : '0';
            }
        }
        return $rows;
    }

    /**
     * Addresses the customer has used, from `customer_ip`, oldest first
     * (read-only: the shop records them at log-in).
     *
     * @return array<int, array{ip: string, country: string, date_added: string}>
     */
    public function ips(int $customerId): array
    {
        $query = $this->db->query("SELECT `ip`, `country`, `date_added` FROM `" . $this->prefix . "customer_ip` WHERE `customer_id` = "
            . (int)$customerId . " ORDER BY `customer_ip_id` ASC");
        return $query->rows;
    }
}
