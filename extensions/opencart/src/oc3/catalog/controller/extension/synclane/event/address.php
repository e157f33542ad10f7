<?php
// Synclane, OpenCart 3.0: address book events. Each sends the whole customer
// with all its addresses, so Synclane never has to merge partial changes.
require_once DIR_SYSTEM . 'library/synclane/autoload.php';

class ControllerExtensionSynclaneEventAddress extends Controller
{
    /** account/address/addAddress/after: addAddress($customer_id, $data). */
    public function add(&$route, &$args, &$output)
    {
        $this->sendCustomer($route, (int)$args[0]);
    }

    /**
     * account/address/editAddress/after: editAddress($address_id, $data) only
     * changes an address of the logged-in customer (the model itself limits
     * it to $this->customer->getId()).
     */
    public function edit(&$route, &$args, &$output)
    {
        $this->sendCustomer($route, (int)$this->customer->getId());
    }

    /** account/address/deleteAddress/after: as edit; the address row is gone. */
    public function delete(&$route, &$args, &$output)
    {
        $this->sendCustomer($route, (int)$this->customer->getId());
    }

    private function sendCustomer($route, $customerId)
    {
        if ($customerId <= 0) {
            return;
        }
        SynclaneKit::fromRegistry($this->registry, SynclaneFlavour::oc3(VERSION))->emit(function (SynclanePayloads $payloads) use ($route, $customerId) {
            return $payloads->customer($route, $customerId);
        });
    }
}
