<?php
/**
 * What the admin settings page does besides rendering, the same in 3.0 and
 * 4.0: reading the posted form, checking it, the "Test connection" button
 * and the status line.
 */
class SynclaneAdmin
{
    /** Form fields; saved as module_synclane_<field>. */
    const FIELDS = array('base_url', 'tenant', 'secret', 'status');

    /** @var SynclaneKit */
    private $kit;

    public function __construct(SynclaneKit $kit)
    {
        $this->kit = $kit;
    }

    /**
     * The posted form as settings to save. OpenCart's Request HTML-escapes
     * every posted value; a secret with "&" or "<" would be saved escaped and
     * every signature would be wrong, so the escaping is undone here.
     *
     * @param array<string, mixed> $post
     * @return array<string, string>
     */
    public function formValues(array $post): array
    {
        $values = array();
        foreach (self::FIELDS as $field) {
            $key = SynclaneSettings::PREFIX . $field;
            $value = isset($post[$key]) && is_string($post[$key]) ? html_entity_decode($post[$key], ENT_QUOTES, 'UTF-8') : '';
            $values[$key] = $field === 'secret' ? $value : trim($value);
        }
        $values[SynclaneSettings::PREFIX . 'status'] = $values[SynclaneSettings::PREFIX . 'status'] === '1' ? '1' : '0';
        return $values;
    }

    /**
     * Problems with the form, as field => language key (error_<field>).
     * Enabled settings must be complete; disabled ones may be partial.
     *
     * @param array<string, string> $values from formValues()
     * @return array<string, string>
     */
    public function errors(array $values, bool $forTest = false): array
    {
        $errors = array();
        $enabled = $values[SynclaneSettings::PREFIX . 'status'] === '1' || $forTest;
        $baseUrl = $values[SynclaneSettings::PREFIX . 'base_url'];
        if (($enabled || $baseUrl !== '') && !preg_match('#^https?://[^\s/?\#]+(/[^\s?\#]*)?$#i', $baseUrl)) {
            $errors['base_url'] = 'error_base_url';
        }
        $tenant = $values[SynclaneSettings::PREFIX . 'tenant'];
        if (($enabled || $tenant !== '') && !preg_match('/^[A-Za-z0-9_-]{1,64}$/', $tenant)) {
            $errors['tenant'] = 'error_tenant';
        }
        if ($enabled && strlen($values[SynclaneSettings::PREFIX . 'secret']) < 16) {
            $errors['secret'] = 'error_secret';
        }
        return $errors;
    }

    /**
     * Posts the signed ping with the form's (possibly unsaved) settings.
     *
     * @param array<string, string> $values from formValues()
     * @return array{status: int, body: string, error: string}
     */
    public function test(array $values): array
    {
        $settings = new SynclaneSettings(
            $values[SynclaneSettings::PREFIX . 'base_url'],
            $values[SynclaneSettings::PREFIX . 'tenant'],
            $values[SynclaneSettings::PREFIX . 'secret'],
            true
        );
        $result = $this->kit->client($settings)->ping();
        return array('status' => $result->status, 'body' => $result->body, 'error' => $result->error);
    }

    /** @return array{last_event: array|null, outbox_size: int} */
    public function status(): array
    {
        return $this->kit->client()->status();
    }

    /** The cron URL with its key, or "" until a secret is saved. */
    public function cronUrl(string $catalogUrl): string
    {
        $settings = $this->kit->settings();
        return $settings->secret() === '' ? '' : $catalogUrl . 'index.php?route=extension/synclane/cron&key=' . $settings->cronKey();
    }

    /** The API URL to give Synclane. */
    public function apiUrl(string $catalogUrl): string
    {
        return $catalogUrl . 'index.php?route=extension/synclane/api';
    }
}
