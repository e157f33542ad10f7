<?php
/**
 * The cron-callable outbox flush: `index.php?route=extension/synclane/cron&key=<key>`
 * where key is SynclaneSettings::cronKey(), so only the shop owner's cron can
 * make the shop post to Synclane.
 */
class SynclaneCron
{
    /** @var SynclaneSettings */
    private $settings;

    /** @var SynclaneClient */
    private $client;

    public function __construct(SynclaneSettings $settings, SynclaneClient $client)
    {
        $this->settings = $settings;
        $this->client = $client;
    }

    public function run(string $key): SynclaneApiResponse
    {
        if (!$this->settings->isActive()) {
            return (new SynclaneApiError(403, 'disabled', 'the Synclane extension is disabled or not configured'))->response();
        }
        if (!hash_equals($this->settings->cronKey(), $key)) {
            return (new SynclaneApiError(403, 'bad_key', 'wrong key'))->response();
        }
        $report = $this->client->flush(SynclaneClient::CRON_FLUSH_ITEMS, SynclaneClient::CRON_FLUSH_SECONDS);
        $report['remaining'] = $this->client->status()['outbox_size'];
        return new SynclaneApiResponse(200, $report);
    }
}
