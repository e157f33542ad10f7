<?php
use PHPUnit\Framework\TestCase;

/** Events and tables that Install creates and Uninstall removes. */
final class InstallTest extends TestCase
{
    public function test_3_0_registers_five_argument_events_with_slash_methods(): void
    {
        $model = new FakeEventModel();

        SynclaneEventRegistrar::register($model, SynclaneFlavour::oc3('3.0.3.8'));

        $this->assertContains(['synclane_order_history', 'catalog/model/checkout/order/addOrderHistory/after', 'extension/synclane/event/order/history', 1, 0], $model->added);
        $this->assertContains(['synclane_admin_customer_delete', 'admin/model/customer/customer/deleteCustomer/after', 'extension/synclane/event/customer/delete', 1, 0], $model->added);
    }

    public function test_4_0_0_0_passes_a_description_and_a_pipe_method(): void
    {
        $model = new FakeEventModel();

        SynclaneEventRegistrar::register($model, SynclaneFlavour::oc4('4.0.0.0'));

        $this->assertContains(['synclane_order_history', 'Synclane: post catalog/model/checkout/order/addHistory/after to Synclane', 'catalog/model/checkout/order/addHistory/after', 'extension/synclane/event/order|history', true, 0], $model->added);
    }

    public function test_4_0_1_passes_one_array_with_a_pipe_method(): void
    {
        $model = new FakeEventModel();

        SynclaneEventRegistrar::register($model, SynclaneFlavour::oc4('4.0.1.1'));

        $this->assertContains([[
            'code' => 'synclane_address_edit',
            'description' => 'Synclane: post catalog/model/account/address/editAddress/after to Synclane',
            'trigger' => 'catalog/model/account/address/editAddress/after',
            'action' => 'extension/synclane/event/address|edit',
            'status' => true,
            'sort_order' => 0,
        ]], $model->added);
    }

    public function test_4_0_2_uses_a_dot_method(): void
    {
        $model = new FakeEventModel();

        SynclaneEventRegistrar::register($model, SynclaneFlavour::oc4('4.0.2.3'));

        $actions = array_map(fn ($call) => $call[0]['action'], $model->added);
        $this->assertContains('extension/synclane/event/order.add', $actions);
        $this->assertContains('extension/synclane/event/customer.delete', $actions);
    }

    public function test_every_trigger_is_registered_once_and_removed_on_uninstall(): void
    {
        $model = new FakeEventModel();
        $flavour = SynclaneFlavour::oc4('4.0.2.3');

        SynclaneEventRegistrar::register($model, $flavour);

        $this->assertSame([
            'catalog/model/checkout/order/addOrder/after',
            'catalog/model/checkout/order/editOrder/after',
            'catalog/model/checkout/order/addHistory/after',
            'catalog/model/checkout/order/deleteOrder/after',
            'catalog/model/account/customer/addCustomer/after',
            'catalog/model/account/customer/editCustomer/after',
            'catalog/model/account/address/addAddress/after',
            'catalog/model/account/address/editAddress/after',
            'catalog/model/account/address/deleteAddress/after',
            'admin/model/customer/customer/addCustomer/after',
            'admin/model/customer/customer/editCustomer/after',
            'admin/model/customer/customer/deleteCustomer/after',
        ], array_map(fn ($call) => $call[0]['trigger'], $model->added));
        foreach (array_keys(SynclaneEventRegistrar::events($flavour)) as $code) {
            $this->assertLessThanOrEqual(64, strlen($code), '3.0 keeps event codes in VARCHAR(64)');
        }
        $model->deleted = [];
        SynclaneEventRegistrar::unregister($model, $flavour);
        $this->assertSame(array_keys(SynclaneEventRegistrar::events($flavour)), $model->deleted);
    }

    public function versions(): array
    {
        return ['3.0' => [3], '4.0' => [4]];
    }

    /** @dataProvider versions */
    public function test_the_module_install_creates_the_tables_and_events_and_uninstall_removes_them(int $major): void
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());
        $shop->kit()->installer()->dropTables();
        $module = $shop->controller('admin/module');

        $module->install();

        $this->assertTrue($shop->db->tableExists('oc_synclane_outbox'));
        $this->assertTrue($shop->db->tableExists('oc_synclane_state'));
        $events = $shop->registry->get('model_setting_event');
        $this->assertCount(12, $events->added);
        $shop->db->query("INSERT INTO oc_synclane_outbox (created_at, body, attempts, last_error) VALUES ('2024-01-01 00:00:00', '{}', 0, '')");
        $this->assertSame(1, $shop->outboxSize());

        $module->uninstall();

        $this->assertFalse($shop->db->tableExists('oc_synclane_outbox'));
        $this->assertFalse($shop->db->tableExists('oc_synclane_state'));
        $this->assertContains('synclane_order_add', $events->deleted);
    }

    /** @dataProvider versions */
    public function test_install_and_uninstall_do_nothing_without_permission(int $major): void
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());
        $shop->registry->get('user')->allowed = false;

        $shop->controller('admin/module')->uninstall();

        $this->assertTrue($shop->db->tableExists('oc_synclane_outbox'));
        $this->assertFalse($shop->registry->has('model_setting_event'));
    }
}
