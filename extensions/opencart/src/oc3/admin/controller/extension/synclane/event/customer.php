<?php
// Synclane, OpenCart 3.0: customer changes made in the admin (Customers > Customers).
require_once DIR_SYSTEM . 'library/synclane/autoload.php';

class ControllerExtensionSynclaneEventCustomer extends Controller
{
    /** customer/customer/addCustomer/after: $output is the new customer's id. */
    public function add(&$route, &$args, &$output)
    {
        $customerId = (int)$output;
        $this->kit()->emit(function (SynclanePayloads $payloads) use ($route, $customerId) {
            return $payloads->customer($route, $customerId);
        });
    }

    /** customer/customer/editCustomer/after: editCustomer($customer_id, $data), addresses included. */
    public function edit(&$route, &$args, &$output)
    {
        $customerId = (int)$args[0];
        $this->kit()->emit(function (SynclanePayloads $payloads) use ($route, $customerId) {
            return $payloads->customer($route, $customerId);
        });
    }

    /** customer/customer/deleteCustomer/after: the customer is gone, only its id is sent. */
    public function delete(&$route, &$args, &$output)
    {
        $customerId = (int)$args[0];
        $this->kit()->emit(function (SynclanePayloads $payloads) use ($route, $customerId) {
            return $payloads->customerDeleted($route, $customerId);
        });
    }

    private function kit()
    {
        return SynclaneKit::fromRegistry($this->registry, SynclaneFlavour::oc3(VERSION));
    }
}
