<?php
// Synclane, OpenCart 4.0: order events (registered by the admin module's install()).
namespace Opencart\Catalog\Controller\Extension\Synclane\Event;

require_once DIR_EXTENSION . 'synclane/system/library/synclane/autoload.php';

class Order extends \Opencart\System\Engine\Controller
{
    /** checkout/order/addOrder/after: $output is the new order's id. */
    public function add(string &$route, array &$args, mixed &$output): void
    {
        $this->sendOrder($route, (int)$output);
    }

    /** checkout/order/editOrder/after: editOrder(int $order_id, array $data). */
    public function edit(string &$route, array &$args, mixed &$output): void
    {
        $this->sendOrder($route, (int)$args[0]);
    }

    /** checkout/order/addHistory/after: addHistory(int $order_id, int $order_status_id, ...). */
    public function history(string &$route, array &$args, mixed &$output): void
    {
        $this->sendOrder($route, (int)$args[0]);
    }

    /** checkout/order/deleteOrder/after: the order is gone, only its id is sent. */
    public function delete(string &$route, array &$args, mixed &$output): void
    {
        $orderId = (int)$args[0];
        $this->kit()->emit(fn (\SynclanePayloads $payloads) => $payloads->orderDeleted($route, $orderId));
    }

    private function sendOrder(string $route, int $orderId): void
    {
        $this->kit()->emit(function (\SynclanePayloads $payloads) use ($route, $orderId): ?array {
            $this->load->model('extension/synclane/order');
            return $payloads->order($route, $orderId, $this->model_extension_synclane_order->read($orderId));
        });
    }

    private function kit(): \SynclaneKit
    {
        return \SynclaneKit::fromRegistry($this->registry, \SynclaneFlavour::oc4(VERSION));
    }
}
