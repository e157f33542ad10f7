<?php
/**
 * Builds the core's objects from what every OpenCart controller has (db,
 * config, log), so the per-version adapters stay a few lines each.
 */
class SynclaneKit
{
    /** @var object OpenCart's DB */
    private $db;

    /** @var object OpenCart's Config */
    private $config;

    /** @var object OpenCart's Log */
    private $log;

    /** @var SynclaneFlavour */
    private $flavour;

    /** @var string */
    private $prefix;

    /** @var SynclaneTransport */
    private $transport;

    public function __construct($db, $config, $log, SynclaneFlavour $flavour, string $prefix, ?SynclaneTransport $transport = null)
    {
        $this->db = $db;
        $this->config = $config;
        $this->log = $log;
        $this->flavour = $flavour;
        $this->prefix = $prefix;
        $this->transport = $transport !== null ? $transport : new SynclaneCurlTransport();
    }

    /** From an OpenCart Registry (3.0 or 4.0); DB_PREFIX is OpenCart's table prefix. */
    public static function fromRegistry($registry, SynclaneFlavour $flavour): self
    {
        return new self($registry->get('db'), $registry->get('config'), $registry->get('log'), $flavour, DB_PREFIX);
    }

    public function settings(): SynclaneSettings
    {
        return SynclaneSettings::fromConfig($this->config);
    }

    /** The client for the saved settings, or for $settings (the admin test button). */
    public function client(?SynclaneSettings $settings = null): SynclaneClient
    {
        return new SynclaneClient(
            $settings !== null ? $settings : $this->settings(),
            $this->transport,
            new SynclaneOutbox($this->db, $this->prefix),
            new SynclaneState($this->db, $this->prefix),
            $this->log
        );
    }

    public function installer(): SynclaneInstaller
    {
        return new SynclaneInstaller($this->db, $this->prefix);
    }

    /**
     * Builds an event with $build(SynclanePayloads) and sends it, for an event
     * handler. Returns quietly when events are off (disabled, or an API write
     * is running); never throws, so the shop's own save always completes.
     *
     * @param callable(SynclanePayloads): (array|null) $build null: nothing to send
     */
    public function emit(callable $build): void
    {
        if (SynclaneClient::eventsSuppressed() || !$this->settings()->isActive()) {
            return;
        }
        try {
            $event = $build(new SynclanePayloads($this->customerReader()));
            if ($event !== null) {
                $this->client()->send($event);
            }
        } catch (Throwable $e) {
            $this->log->write('Synclane: event not built: ' . $e->getMessage());
        }
    }

    /**
     * The API for this shop.
     *
     * @param callable(int): (array{order: array, products: array}|null) $readOrder
     *        the shop's getOrder() and its products (the adapter's model)
     */
    public function api(callable $readOrder): SynclaneApi
    {
        $languageId = (int)$this->config->get('config_language_id');
        $addresses = new SynclaneAddressInput($this->db, $this->prefix);
        $orders = new SynclaneOrderEndpoint($this->db, $this->prefix, $this->flavour, $readOrder, $addresses);
        $customers = new SynclaneCustomerEndpoint(
            $this->db,
            $this->prefix,
            $languageId,
            $this->customerReader(),
            new SynclaneCustomerInput($this->db, $this->prefix, $this->flavour, $addresses),
            new SynclaneCustomerWriter($this->db, $this->prefix, $this->flavour, $languageId)
        );
        $groups = new SynclaneGroupEndpoint($this->db, $this->prefix, $languageId, (int)$this->config->get('config_customer_group_id'));
        $transactions = new SynclaneTransactionEndpoint($this->db, $this->prefix);
        $version = $this->flavour->version();
        return new SynclaneApi($this->settings(), $this->log, array(
            'ping' => array('GET', function (SynclaneInput $query) use ($version) {
                $query->allowOnly(array('op'));
                return new SynclaneApiResponse(200, array('status' => 'ok', 'extension_version' => SynclaneClient::VERSION, 'opencart_version' => $version));
            }),
            'order.get' => array('GET', array($orders, 'get')),
            'order.update' => array('POST', array($orders, 'update')),
            'customer.get' => array('GET', array($customers, 'get')),
            'customer.list' => array('GET', array($customers, 'list')),
            'customer.create' => array('POST', array($customers, 'create')),
            'customer.update' => array('POST', array($customers, 'update')),
            'customer.delete' => array('POST', array($customers, 'delete')),
            'customer_group.list' => array('GET', array($groups, 'list')),
            'transaction.list' => array('GET', array($transactions, 'list')),
            'transaction.add' => array('POST', array($transactions, 'add')),
        ));
    }

    public function cron(): SynclaneCron
    {
        return new SynclaneCron($this->settings(), $this->client());
    }

    public function admin(): SynclaneAdmin
    {
        return new SynclaneAdmin($this);
    }

    private function customerReader(): SynclaneCustomerReader
    {
        return new SynclaneCustomerReader($this->db, $this->prefix, $this->flavour);
    }
}
