<?php
// Synclane, OpenCart 3.0: order events (registered by the admin module's install()).
require_once DIR_SYSTEM . 'library/synclane/autoload.php';

class ControllerExtensionSynclaneEventOrder extends Controller
{
    /** checkout/order/addOrder/after: $output is the new order's id. */
    public function add(&$route, &$args, &$output)
    {
        $this->sendOrder($route, (int)$output);
    }

    /** checkout/order/editOrder/after: editOrder($order_id, $data). */
    public function edit(&$route, &$args, &$output)
    {
        $this->sendOrder($route, (int)$args[0]);
    }

    /** checkout/order/addOrderHistory/after: addOrderHistory($order_id, $order_status_id, ...). */
    public function history(&$route, &$args, &$output)
    {
        $this->sendOrder($route, (int)$args[0]);
    }

    /** checkout/order/deleteOrder/after: the order is gone, only its id is sent. */
    public function delete(&$route, &$args, &$output)
    {
        $orderId = (int)$args[0];
        $this->kit()->emit(function (SynclanePayloads $payloads) use ($route, $orderId) {
            return $payloads->orderDeleted($route, $orderId);
        });
    }

    private function sendOrder($route, $orderId)
    {
        $this->kit()->emit(function (SynclanePayloads $payloads) use ($route, $orderId) {
            $this->load->model('extension/synclane/order');
            return $payloads->order($route, $orderId, $this->model_extension_synclane_order->read($orderId));
        });
    }

    private function kit()
    {
        return SynclaneKit::fromRegistry($this->registry, SynclaneFlavour::oc3(VERSION));
    }
}
