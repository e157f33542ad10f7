<?php
/**
 * The OpenCart schema generation the shop runs: 3.0.x or 4.0.x.
 *
 * The tables the API writes differ between the two (3.0 keeps a salted SHA1
 * password, `fax` and the default address on `customer.address_id`; 4.0 has a
 * `password_hash` password and `address.default`). Everything else in the
 * core is the same for both.
 */
class SynclaneFlavour
{
    /** @var int */
    private $major;

    /** @var string */
    private $version;

    private function __construct(int $major, string $version)
    {
        $this->major = $major;
        $this->version = $version;
    }

    /** The 3.0.x line; $version is OpenCart's VERSION, e.g. "3.0.3.8". */
    public static function oc3(string $version): self
    {
        return new self(3, $version);
    }

    /** The 4.0.x line; $version is OpenCart's VERSION, e.g. "4.0.2.3". */
    public static function oc4(string $version): self
    {
        return new self(4, $version);
    }

    public function isOc3(): bool
    {
        return $this->major === 3;
    }

    public function version(): string
    {
        return $this->version;
    }

    /** Length of `address.company` (and `order.shipping_company` in 3.0). */
    public function companyMaxLength(): int
    {
        return $this->isOc3() ? 40 : 60;
    }

    /**
     * Password columns for a customer created through the API. Nobody knows
     * the random password: the customer sets one with "Forgotten password",
     * as for any account an administrator creates without telling it.
     *
     * @return array<string, string>
     */
    public function unusablePasswordColumns(): array
    {
        $random = bin2hex(random_bytes(16));
        if ($this->isOc3()) {
            // The scheme of 3.0's admin/model/customer/customer.php.
            $salt = substr(bin2hex(random_bytes(8)), 0, 9);
            return array('salt' => $salt, 'password' => sha1($salt . sha1($salt . sha1($random))));
        }
        return array('password' => password_hash($random, PASSWORD_DEFAULT));
    }

    /**
     * Columns of `customer` that only 3.0 has and that are NOT NULL without a
     * default there.
     *
     * @return array<string, string>
     */
    public function extraCustomerColumns(): array
    {
        return $this->isOc3() ? array('fax' => '') : array();
    }

    /**
     * Tables holding a customer's rows, deleted with the customer as both
     * versions' admin deleteCustomer() does (only tables every release of the
     * line has).
     *
     * @return string[]
     */
    public function customerTables(): array
    {
        $tables = array(
            'customer_activity', 'customer_affiliate', 'customer_approval', 'customer_history',
            'customer_ip', 'customer_reward', 'customer_transaction', 'customer_wishlist', 'address',
        );
        if (!$this->isOc3()) {
            $tables[] = 'customer_affiliate_report';
        }
        return $tables;
    }
}
