<?php
/**
 * The bodies of the events posted to Synclane (README "What each event
 * sends"). Ids are strings, as OpenCart's rows carry them.
 */
class SynclanePayloads
{
    /** @var SynclaneCustomerReader */
    private $customers;

    public function __construct(SynclaneCustomerReader $customers)
    {
        $this->customers = $customers;
    }

    /**
     * @param array{order: array, products: array}|null $read the shop's
     *        getOrder() and its products, null when the order is gone
     * @return array<string, mixed>|null
     */
    public function order(string $route, int $orderId, ?array $read): ?array
    {
        if ($read === null) {
            return null;
        }
        return array('route' => $route, 'order_id' => (string)$orderId, 'order' => $read['order'], 'products' => $read['products']);
    }

    /** @return array<string, string> */
    public function orderDeleted(string $route, int $orderId): array
    {
        return array('route' => $route, 'order_id' => (string)$orderId);
    }

    /** @return array<string, mixed>|null null when the customer is gone */
    public function customer(string $route, int $customerId): ?array
    {
        $customer = $this->customers->find($customerId);
        if ($customer === null) {
            return null;
        }
        return array(
            'route' => $route,
            'customer_id' => (string)$customerId,
            'customer' => $customer,
            'addresses' => $this->customers->addresses($customer),
        );
    }

    /** @return array<string, string> */
    public function customerDeleted(string $route, int $customerId): array
    {
        return array('route' => $route, 'customer_id' => (string)$customerId);
    }
}
