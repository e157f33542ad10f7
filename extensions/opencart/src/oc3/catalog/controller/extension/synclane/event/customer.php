<?php
// Synclane, OpenCart 3.0: storefront account events (registration, account edit).
require_once DIR_SYSTEM . 'library/synclane/autoload.php';

class ControllerExtensionSynclaneEventCustomer extends Controller
{
    /** account/customer/addCustomer/after: $output is the new customer's id. */
    public function add(&$route, &$args, &$output)
    {
        $this->sendCustomer($route, (int)$output);
    }

    /** account/customer/editCustomer/after: editCustomer($customer_id, $data). */
    public function edit(&$route, &$args, &$output)
    {
        $this->sendCustomer($route, (int)$args[0]);
    }

    private function sendCustomer($route, $customerId)
    {
        SynclaneKit::fromRegistry($this->registry, SynclaneFlavour::oc3(VERSION))->emit(function (SynclanePayloads $payloads) use ($route, $customerId) {
            return $payloads->customer($route, $customerId);
        });
    }
}
