<?php
// Synclane, OpenCart 4.0: address book events. Each sends the whole customer
// with all its addresses, so Synclane never has to merge partial changes.
namespace Opencart\Catalog\Controller\Extension\Synclane\Event;

require_once DIR_EXTENSION . 'synclane/system/library/synclane/autoload.php';

class Address extends \Opencart\System\Engine\Controller
{
    /** account/address/addAddress/after: addAddress(int $customer_id, array $data). */
    public function add(string &$route, array &$args, mixed &$output): void
    {
        $this->sendCustomer($route, (int)$args[0]);
    }

    /**
     * account/address/editAddress/after: editAddress(int $address_id, array $data)
     * only changes an address of the logged-in customer (the model itself
     * limits it to $this->customer->getId()).
     */
    public function edit(string &$route, array &$args, mixed &$output): void
    {
        $this->sendCustomer($route, (int)$this->customer->getId());
    }

    /** account/address/deleteAddress/after: as edit; the address row is gone. */
    public function delete(string &$route, array &$args, mixed &$output): void
    {
        $this->sendCustomer($route, (int)$this->customer->getId());
    }

    private function sendCustomer(string $route, int $customerId): void
    {
        if ($customerId <= 0) {
            return;
        }
        \SynclaneKit::fromRegistry($this->registry, \SynclaneFlavour::oc4(VERSION))
            ->emit(fn (\SynclanePayloads $payloads) => $payloads->customer($route, $customerId));
    }
}
