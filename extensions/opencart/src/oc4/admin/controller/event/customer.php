<?php
// Synclane, OpenCart 4.0: customer changes made in the admin (Customers > Customers).
namespace Opencart\Admin\Controller\Extension\Synclane\Event;

require_once DIR_EXTENSION . 'synclane/system/library/synclane/autoload.php';

class Customer extends \Opencart\System\Engine\Controller
{
    /** customer/customer/addCustomer/after: $output is the new customer's id. */
    public function add(string &$route, array &$args, mixed &$output): void
    {
        $customerId = (int)$output;
        $this->kit()->emit(fn (\SynclanePayloads $payloads) => $payloads->customer($route, $customerId));
    }

    /** customer/customer/editCustomer/after: editCustomer(int $customer_id, array $data), addresses included. */
    public function edit(string &$route, array &$args, mixed &$output): void
    {
        $customerId = (int)$args[0];
        $this->kit()->emit(fn (\SynclanePayloads $payloads) => $payloads->customer($route, $customerId));
    }

    /** customer/customer/deleteCustomer/after: the customer is gone, only its id is sent. */
    public function delete(string &$route, array &$args, mixed &$output): void
    {
        $customerId = (int)$args[0];
        $this->kit()->emit(fn (\SynclanePayloads $payloads) => $payloads->customerDeleted($route, $customerId));
    }

    private function kit(): \SynclaneKit
    {
        return \SynclaneKit::fromRegistry($this->registry, \SynclaneFlavour::oc4(VERSION));
    }
}
