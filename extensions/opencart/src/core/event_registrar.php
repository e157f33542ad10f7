<?php
/**
 * Registers and removes the extension's OpenCart events, in the form each
 * release wants (all read in OpenCart's own source):
 * - addEvent: 3.0 (code, trigger, action, status, sort_order); 4.0.0.0
 *   (code, description, trigger, action, status, sort_order); 4.0.1.0 and
 *   later one array {code, description, trigger, action, status, sort_order}.
 * - The action's method separator: "/" in 3.0 (the last path segment), "|"
 *   in 4.0.0.x-4.0.1.x, "." from 4.0.2.0 (system/engine/action.php).
 * - The order history method is addOrderHistory in 3.0, addHistory in every
 *   4.0 release.
 */
class SynclaneEventRegistrar
{
    /**
     * code => [trigger, handler controller route, handler method]. The catalog
     * and admin handlers live in their own application's controller folder.
     *
     * @return array<string, array{0: string, 1: string, 2: string}>
     */
    public static function events(SynclaneFlavour $flavour): array
    {
        $history = $flavour->isOc3() ? 'addOrderHistory' : 'addHistory';
        return array(
            'synclane_order_add' => array('catalog/model/checkout/order/addOrder/after', 'extension/synclane/event/order', 'add'),
            'synclane_order_edit' => array('catalog/model/checkout/order/editOrder/after', 'extension/synclane/event/order', 'edit'),
            'synclane_order_history' => array('catalog/model/checkout/order/' . $history . '/after', 'extension/synclane/event/order', 'history'),
            'synclane_order_delete' => array('catalog/model/checkout/order/deleteOrder/after', 'extension/synclane/event/order', 'delete'),
            'synclane_account_add' => array('catalog/model/account/customer/addCustomer/after', 'extension/synclane/event/customer', 'add'),
            'synclane_account_edit' => array('catalog/model/account/customer/editCustomer/after', 'extension/synclane/event/customer', 'edit'),
            'synclane_address_add' => array('catalog/model/account/address/addAddress/after', 'extension/synclane/event/address', 'add'),
            'synclane_address_edit' => array('catalog/model/account/address/editAddress/after', 'extension/synclane/event/address', 'edit'),
            'synclane_address_delete' => array('catalog/model/account/address/deleteAddress/after', 'extension/synclane/event/address', 'delete'),
            'synclane_admin_customer_add' => array('admin/model/customer/customer/addCustomer/after', 'extension/synclane/event/customer', 'add'),
            'synclane_admin_customer_edit' => array('admin/model/customer/customer/editCustomer/after', 'extension/synclane/event/customer', 'edit'),
            'synclane_admin_customer_delete' => array('admin/model/customer/customer/deleteCustomer/after', 'extension/synclane/event/customer', 'delete'),
        );
    }

    /** The route an action method is reached by in this release. */
    public static function action(SynclaneFlavour $flavour, string $controller, string $method): string
    {
        return $controller . self::separator($flavour) . $method;
    }

    /** Registers every event on admin's model_setting_event, replacing leftovers of an earlier install. */
    public static function register($eventModel, SynclaneFlavour $flavour): void
    {
        self::unregister($eventModel, $flavour);
        foreach (self::events($flavour) as $code => $event) {
            list($trigger, $controller, $method) = $event;
            $action = self::action($flavour, $controller, $method);
            $description = 'Synclane: post ' . $trigger . ' to Synclane';
            if ($flavour->isOc3()) {
                $eventModel->addEvent($code, $trigger, $action, 1, 0);
            } elseif (version_compare($flavour->version(), '4.0.1.0', '<')) {
                $eventModel->addEvent($code, $description, $trigger, $action, true, 0);
            } else {
                $eventModel->addEvent(array(
                    'code' => $code,
                    'description' => $description,
                    'trigger' => $trigger,
                    'action' => $action,
                    'status' => true,
                    'sort_order' => 0,
                ));
            }
        }
    }

    public static function unregister($eventModel, SynclaneFlavour $flavour): void
    {
        foreach (array_keys(self::events($flavour)) as $code) {
            $eventModel->deleteEventByCode($code);
        }
    }

    private static function separator(SynclaneFlavour $flavour): string
    {
        if ($flavour->isOc3()) {
            return '/';
        }
        return version_compare($flavour->version(), '4.0.2.0', '<') ? '|' : '.';
    }
}
