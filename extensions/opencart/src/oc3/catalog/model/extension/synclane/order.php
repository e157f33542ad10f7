<?php
// Synclane, OpenCart 3.0: an order as the events and the API carry it.
class ModelExtensionSynclaneOrder extends Model
{
    /**
     * The storefront checkout model's getOrder() and getOrderProducts(), or
     * null when there is no such order.
     */
    public function read($order_id)
    {
        $this->load->model('checkout/order');
        $order = $this->model_checkout_order->getOrder((int)$order_id);
        if (!$order) {
            return null;
        }
        return array('order' => $order, 'products' => $this->model_checkout_order->getOrderProducts((int)$order_id));
    }
}
