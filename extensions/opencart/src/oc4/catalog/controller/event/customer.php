<?php
// Synclane, OpenCart 4.0: storefront account events (registration, account edit).
namespace Opencart\Catalog\Controller\Extension\Synclane\Event;

require_once DIR_EXTENSION . 'synclane/system/library/synclane/autoload.php';

class Customer extends \Opencart\System\Engine\Controller
{
    /** account/customer/addCustomer/after: $output is the new customer's id. */
    public function add(string &$route, array &$args, mixed &$output): void
    {
        $this->sendCustomer($route, (int)$output);
    }

    /** account/customer/editCustomer/after: editCustomer(int $customer_id, array $data). */
    public function edit(string &$route, array &$args, mixed &$output): void
    {
        $this->sendCustomer($route, (int)$args[0]);
    }

    private function sendCustomer(string $route, int $customerId): void
    {
        \SynclaneKit::fromRegistry($this->registry, \SynclaneFlavour::oc4(VERSION))
            ->emit(fn (\SynclanePayloads $payloads) => $payloads->customer($route, $customerId));
    }
}
