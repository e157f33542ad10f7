<?php
/**
 * Checks the body of `customer.create` / `customer.update` and turns it into
 * the `customer` columns and the address list to write. Nothing is written
 * here, so a refused request changes nothing.
 */
class SynclaneCustomerInput
{
    /** @var object OpenCart's DB */
    private $db;

    /** @var string */
    private $prefix;

    /** @var SynclaneFlavour */
    private $flavour;

    /** @var SynclaneAddressInput */
    private $addresses;

    public function __construct($db, string $prefix, SynclaneFlavour $flavour, SynclaneAddressInput $addresses)
    {
        $this->db = $db;
        $this->prefix = $prefix;
        $this->flavour = $flavour;
        $this->addresses = $addresses;
    }

    /**
     * @param int $customerId 0 when creating
     * @return array{columns: array<string, string|int>, addresses: array|null}
     *         addresses: null to keep them, else the full new list of
     *         {address_id: int (0 = new), columns: array, default: bool}
     */
    public function read(SynclaneInput $body, int $customerId): array
    {
        $creating = $customerId === 0;
        if ($body->has('ip')) {
            throw SynclaneApiError::invalidField('ip', 'read-only: the shop records it when the customer logs in');
        }
        $body->allowOnly(array('customer_group_id', 'firstname', 'lastname', 'email', 'telephone', 'newsletter', 'status', 'addresses'));
        $columns = array();
        if ($creating || $body->has('customer_group_id')) {
            $columns['customer_group_id'] = $body->id('customer_group_id');
            if (!$this->db->query("SELECT 1 FROM `" . $this->prefix . "customer_group` WHERE `customer_group_id` = " . $columns['customer_group_id'])->num_rows) {
                throw SynclaneApiError::invalidField('customer_group_id', 'no such customer group');
            }
        }
        foreach (array('firstname', 'lastname') as $key) {
            if ($creating || $body->has($key)) {
                $columns[$key] = $body->text($key, 32, false);
            }
        }
        if ($creating || $body->has('email')) {
            $columns['email'] = $body->email('email');
            $this->refuseTakenEmail($columns['email'], $customerId);
        }
        if ($body->has('telephone')) {
            $columns['telephone'] = $body->text('telephone', 32);
        } elseif ($creating) {
            $columns['telephone'] = '';
        }
        $defaults = array('newsletter' => false, 'status' => true);
        foreach ($defaults as $key => $default) {
            if ($body->has($key)) {
                $columns[$key] = (int)$body->flag($key);
            } elseif ($creating) {
                $columns[$key] = (int)$default;
            }
        }
        $list = $body->objects('addresses');
        return array('columns' => $columns, 'addresses' => $list === null ? null : $this->addressList($list, $customerId));
    }

    /**
     * @param SynclaneInput[] $list
     * @return array<int, array{address_id: int, columns: array, default: bool}>
     */
    private function addressList(array $list, int $customerId): array
    {
        $owned = array();
        if ($customerId > 0) {
            foreach ($this->db->query("SELECT `address_id` FROM `" . $this->prefix . "address` WHERE `customer_id` = " . (int)$customerId)->rows as $row) {
                $owned[(int)$row['address_id']] = true;
            }
        }
        $result = array();
        $seen = array();
        $defaultGiven = false;
        foreach ($list as $in) {
            $columns = $this->addresses->columns($in, true, $this->flavour->companyMaxLength(), array('address_id', 'default'));
            $addressId = 0;
            if ($in->has('address_id')) {
                $addressId = $in->id('address_id');
                if (!isset($owned[$addressId]) || isset($seen[$addressId])) {
                    throw SynclaneApiError::invalidField($in->field('address_id'), 'not an address of this customer, or listed twice');
                }
                $seen[$addressId] = true;
            }
            $default = $in->has('default') && $in->flag('default');
            if ($default && $defaultGiven) {
                throw SynclaneApiError::invalidField($in->field('default'), 'only one address can be the default');
            }
            $defaultGiven = $defaultGiven || $default;
            $result[] = array(
                'address_id' => $addressId,
                'columns' => array_intersect_key($columns, array_flip(array('firstname', 'lastname', 'company', 'address_1', 'address_2', 'city', 'postcode', 'country_id', 'zone_id'))),
                'default' => $default,
            );
        }
        // A customer with addresses has a default one in OpenCart's account
        // pages; when the caller names none, the first is the natural choice.
        if ($result && !$defaultGiven) {
            $result[0]['default'] = true;
        }
        return $result;
    }

    private function refuseTakenEmail(string $email, int $customerId): void
    {
        $lower = function_exists('mb_strtolower') ? mb_strtolower($email, 'UTF-8') : strtolower($email);
        $query = $this->db->query("SELECT `customer_id` FROM `" . $this->prefix . "customer` WHERE LOWER(`email`) = '" . $this->db->escape($lower)
            . "' AND `customer_id` <> " . (int)$customerId . " LIMIT 1");
        if ($query->num_rows) {
            throw new SynclaneApiError(409, 'email_exists', 'customer ' . $query->row['customer_id'] . ' has this e-mail address', array(
                'field' => 'email',
                'customer_id' => (string)$query->row['customer_id'],
            ));
        }
    }
}
