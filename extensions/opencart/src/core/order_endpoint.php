<?php
/**
 * `order.get` and `order.update`: read an order as the events carry it, and
 * change its Customer section and its payment and shipping addresses (the
 * CRM → OpenCart direction of OC-R2..R5).
 *
 * OpenCart orders have no shipping telephone (3.0 and 4.0 alike): the only
 * phone an order carries is the Customer section's `telephone`, which the
 * order pages show for delivery as well.
 */
class SynclaneOrderEndpoint
{
    /** @var object OpenCart's DB */
    private $db;

    /** @var string */
    private $prefix;

    /** @var SynclaneFlavour */
    private $flavour;

    /** @var callable(int): (array{order: array, products: array}|null) */
    private $readOrder;

    /** @var SynclaneAddressInput */
    private $addresses;

    public function __construct($db, string $prefix, SynclaneFlavour $flavour, callable $readOrder, SynclaneAddressInput $addresses)
    {
        $this->db = $db;
        $this->prefix = $prefix;
        $this->flavour = $flavour;
        $this->readOrder = $readOrder;
        $this->addresses = $addresses;
    }

    public function get(SynclaneInput $query): SynclaneApiResponse
    {
        $query->allowOnly(array('op', 'order_id'));
        return new SynclaneApiResponse(200, $this->read($query->id('order_id')));
    }

    public function update(SynclaneInput $query, SynclaneInput $body): SynclaneApiResponse
    {
        $query->allowOnly(array('op', 'order_id'));
        $orderId = $query->id('order_id');
        $this->read($orderId);
        $body->allowOnly(array('customer', 'payment_address', 'shipping_address'));
        $columns = array();
        $customer = $body->object('customer');
        if ($customer !== null) {
            $columns += $this->customerColumns($customer);
        }
        $payment = $body->object('payment_address');
        if ($payment !== null) {
            // order.payment_company is VARCHAR(60) in 3.0 and 4.0.
            $columns += self::prefixed('payment_', $this->addresses->columns($payment, false, 60));
        }
        $shipping = $body->object('shipping_address');
        if ($shipping !== null) {
            $columns += self::prefixed('shipping_', $this->addresses->columns($shipping, false, $this->flavour->companyMaxLength()));
        }
        if ($columns) {
            $columns['date_modified'] = date('Y-m-d H:i:s');
            SynclaneClient::withoutEvents(function () use ($columns, $orderId) {
                SynclaneSql::update($this->db, $this->prefix . 'order', $columns, 'order_id', $orderId);
            });
        }
        return new SynclaneApiResponse(200, $this->read($orderId));
    }

    /** @return array{order_id: string, order: array, products: array} */
    private function read(int $orderId): array
    {
        $read = call_user_func($this->readOrder, $orderId);
        if ($read === null) {
            throw SynclaneApiError::notFound('order', $orderId);
        }
        return array('order_id' => (string)$orderId, 'order' => $read['order'], 'products' => $read['products']);
    }

    /** @return array<string, string|int> */
    private function customerColumns(SynclaneInput $in): array
    {
        $in->allowOnly(array('customer_id', 'customer_group_id', 'firstname', 'lastname', 'email', 'telephone'));
        $columns = array();
        if ($in->has('customer_id')) {
            // 0 makes the order a guest order: OC-R3 changes the order to a
            // person who has no account, and creates none.
            $columns['customer_id'] = $in->id('customer_id', 0);
            if ($columns['customer_id'] > 0 && !$this->exists('customer', 'customer_id', $columns['customer_id'])) {
                throw SynclaneApiError::notFound('customer', $columns['customer_id']);
            }
        }
        if ($in->has('customer_group_id')) {
            $columns['customer_group_id'] = $in->id('customer_group_id');
            if (!$this->exists('customer_group', 'customer_group_id', $columns['customer_group_id'])) {
                throw SynclaneApiError::invalidField($in->field('customer_group_id'), 'no such customer group');
            }
        }
        foreach (array('firstname' => 32, 'lastname' => 32, 'telephone' => 32) as $key => $max) {
            if ($in->has($key)) {
                $columns[$key] = $in->text($key, $max);
            }
        }
        if ($in->has('email')) {
            $columns['email'] = $in->email('email', true);
        }
        return $columns;
    }

    private function exists(string $table, string $column, int $id): bool
    {
        return (bool)$this->db->query("SELECT 1 FROM `" . $this->prefix . $table . "` WHERE `" . $column . "` = " . (int)$id)->num_rows;
    }

    /**
     * @param array<string, string|int> $address
     * @return array<string, string|int>
     */
    private static function prefixed(string $prefix, array $address): array
    {
        $columns = array();
        foreach ($address as $key => $value) {
            $columns[$prefix . $key] = $value;
        }
        return $columns;
    }
}
