<?php
/**
 * The extension's settings as the admin page saves them (`module_synclane_*`
 * in OpenCart's setting table, the same keys in 3.0 and 4.0).
 */
class SynclaneSettings
{
    const PREFIX = 'module_synclane_';

    /** @var string */
    private $baseUrl;

    /** @var string */
    private $tenant;

    /** @var string */
    private $secret;

    /** @var bool */
    private $enabled;

    public function __construct(string $baseUrl, string $tenant, string $secret, bool $enabled)
    {
        $this->baseUrl = rtrim(trim($baseUrl), '/');
        $this->tenant = trim($tenant);
        $this->secret = $secret;
        $this->enabled = $enabled;
    }

    /** Reads the settings from OpenCart's config object (anything with get($key)). */
    public static function fromConfig($config): self
    {
        return new self(
            (string)$config->get(self::PREFIX . 'base_url'),
            (string)$config->get(self::PREFIX . 'tenant'),
            (string)$config->get(self::PREFIX . 'secret'),
            (bool)$config->get(self::PREFIX . 'status')
        );
    }

    /** True when enabled and complete; nothing is sent or accepted otherwise. */
    public function isActive(): bool
    {
        return $this->enabled && $this->baseUrl !== '' && $this->tenant !== '' && $this->secret !== '';
    }

    public function secret(): string
    {
        return $this->secret;
    }

    /** `POST {base_url}/hooks/{tenant}/opencart`. */
    public function hookUrl(): string
    {
        return $this->baseUrl . '/hooks/' . rawurlencode($this->tenant) . '/opencart';
    }

    /** The `key` the cron route wants: the first 16 hex digits of HMAC(secret, "cron"). */
    public function cronKey(): string
    {
        return SynclaneSigner::cronKey($this->secret);
    }
}
