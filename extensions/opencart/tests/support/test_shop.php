<?php
/**
 * A 3.0 or 4.0 shop made of the stand-ins: the registry every adapter
 * controller gets, an SQLite database with the fixtures and the extension's
 * tables installed, and settings pointing at $baseUrl.
 */
final class TestShop
{
    const SECRET = 'shared-secret-for-tests&<1>';
    const TENANT = 't1';

    /** @var int 3 or 4 */
    public $major;

    /** @var Opencart\System\Engine\Registry */
    public $registry;

    /** @var FakeDb */
    public $db;

    /** @var FakeConfig */
    public $config;

    /** @var FakeLog */
    public $log;

    public static function create(int $major, string $baseUrl, string $dbPath = ':memory:'): self
    {
        $shop = self::open($major, $baseUrl, $dbPath);
        foreach (['schema-common', 'schema-oc' . $major, 'seed-common', 'seed-oc' . $major] as $fixture) {
            $shop->db->load(__DIR__ . '/' . $fixture . '.sql');
        }
        $shop->kit()->installer()->createTables();
        return $shop;
    }

    /** A shop over a database create() made earlier (another process's, for the HTTP tests). */
    public static function open(int $major, string $baseUrl, string $dbPath): self
    {
        $shop = new self();
        $shop->major = $major;
        $shop->db = new FakeDb($dbPath);
        $shop->config = new FakeConfig();
        $shop->config->data = [
            'module_synclane_base_url' => $baseUrl,
            'module_synclane_tenant' => self::TENANT,
            'module_synclane_secret' => self::SECRET,
            'module_synclane_status' => '1',
            'config_language_id' => '1',
            'config_customer_group_id' => '1',
        ];
        $shop->log = new FakeLog();
        $shop->registry = new Opencart\System\Engine\Registry();
        $shop->registry->set('db', $shop->db);
        $shop->registry->set('config', $shop->config);
        $shop->registry->set('log', $shop->log);
        $shop->registry->set('load', new FakeLoader($shop->registry, $major));
        $shop->registry->set('request', new FakeRequest());
        $shop->registry->set('response', new FakeResponse());
        $shop->registry->set('session', new FakeSession());
        $shop->registry->set('user', new FakeUser());
        $shop->registry->set('customer', new FakeCustomer());
        $shop->registry->set('document', new FakeDocument());
        $shop->registry->set('url', new FakeUrl());
        $shop->registry->set('language', new FakeLanguage());
        return $shop;
    }

    public function flavour(): SynclaneFlavour
    {
        return $this->major === 3 ? SynclaneFlavour::oc3('3.0.3.8') : SynclaneFlavour::oc4('4.0.2.3');
    }

    public function kit(?SynclaneTransport $transport = null): SynclaneKit
    {
        return new SynclaneKit($this->db, $this->config, $this->log, $this->flavour(), 'oc_', $transport);
    }

    /** The API as the adapter builds it, reading orders through the adapter's own model. */
    public function api(): SynclaneApi
    {
        $this->registry->get('load')->model('extension/synclane/order');
        $orders = $this->registry->get('model_extension_synclane_order');
        return $this->kit()->api(fn (int $orderId) => $orders->read($orderId));
    }

    /**
     * An adapter controller of this shop's version, by its short name:
     * event/order, event/customer, event/address, api, cron, admin/module,
     * admin/event/customer. Files load on first use: 3.0's admin and catalog
     * customer handlers share a class name (they never meet in one OpenCart
     * request), so a test process loads only one of them.
     */
    public function controller(string $name): object
    {
        $controllers = [
            3 => [
                'event/order' => ['catalog/controller/extension/synclane/event/order.php', 'ControllerExtensionSynclaneEventOrder'],
                'event/customer' => ['catalog/controller/extension/synclane/event/customer.php', 'ControllerExtensionSynclaneEventCustomer'],
                'event/address' => ['catalog/controller/extension/synclane/event/address.php', 'ControllerExtensionSynclaneEventAddress'],
                'api' => ['catalog/controller/extension/synclane/api.php', 'ControllerExtensionSynclaneApi'],
                'cron' => ['catalog/controller/extension/synclane/cron.php', 'ControllerExtensionSynclaneCron'],
                'admin/module' => ['admin/controller/extension/module/synclane.php', 'ControllerExtensionModuleSynclane'],
                'admin/event/customer' => ['admin/controller/extension/synclane/event/customer.php', 'ControllerExtensionSynclaneEventCustomer'],
            ],
            4 => [
                'event/order' => ['catalog/controller/event/order.php', 'Opencart\\Catalog\\Controller\\Extension\\Synclane\\Event\\Order'],
                'event/customer' => ['catalog/controller/event/customer.php', 'Opencart\\Catalog\\Controller\\Extension\\Synclane\\Event\\Customer'],
                'event/address' => ['catalog/controller/event/address.php', 'Opencart\\Catalog\\Controller\\Extension\\Synclane\\Event\\Address'],
                'api' => ['catalog/controller/api.php', 'Opencart\\Catalog\\Controller\\Extension\\Synclane\\Api'],
                'cron' => ['catalog/controller/cron.php', 'Opencart\\Catalog\\Controller\\Extension\\Synclane\\Cron'],
                'admin/module' => ['admin/controller/module/synclane.php', 'Opencart\\Admin\\Controller\\Extension\\Synclane\\Module\\Synclane'],
                'admin/event/customer' => ['admin/controller/event/customer.php', 'Opencart\\Admin\\Controller\\Extension\\Synclane\\Event\\Customer'],
            ],
        ];
        [$file, $class] = $controllers[$this->major][$name];
        require_once SYNCLANE_SRC . '/oc' . $this->major . '/' . $file;
        return new $class($this->registry);
    }

    public function outboxSize(): int
    {
        return (int)$this->db->query('SELECT COUNT(*) AS n FROM oc_synclane_outbox')->row['n'];
    }

    /** Ends the pause a failed send started, as if its 30 s had passed. */
    public function endPause(): void
    {
        $this->db->query("UPDATE oc_synclane_state SET value = '0' WHERE name = 'paused_until'");
    }
}
