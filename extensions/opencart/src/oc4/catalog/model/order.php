<?php
// Synclane, OpenCart 4.0: an order as the events and the API carry it.
namespace Opencart\Catalog\Model\Extension\Synclane;

class Order extends \Opencart\System\Engine\Model
{
    /**
     * The storefront checkout model's getOrder() and getProducts() (4.0's
     * name for 3.0's getOrderProducts()), or null when there is no such order.
     */
    public function read(int $order_id): ?array
    {
        $this->load->model('checkout/order');
        $order = $this->model_checkout_order->getOrder($order_id);
        if (!$order) {
            return null;
        }
        return ['order' => $order, 'products' => $this->model_checkout_order->getProducts($order_id)];
    }
}
