<?php
/**
 * Sends events to Synclane without ever holding up or failing the shop
 * request that caused them.
 *
 * An event is posted at once with a ~1 s timeout. When Synclane does not take
 * it (no answer, 5xx, 408, 429) it waits in the outbox; any other 4xx means
 * Synclane will never take it, so it is logged and dropped. While the outbox holds
 * anything, a new event joins its tail and the outbox is flushed oldest
 * first, stopping at the first failure, so Synclane always receives events in
 * the order the shop produced them. After a failure the event path leaves the
 * outbox alone for a short pause (the cron route does not), so an outage
 * costs one timeout per pause rather than one per order.
 */
class SynclaneClient
{
    /** The extension's version (build.sh writes it into install.json). */
    const VERSION = '1.0.0';

    /** How long the event path leaves the outbox alone after a failure. */
    const PAUSE_SECONDS = 30;

    /**
     * Bounds of the flush that rides along with a new event: small, because
     * the shop's request waits for it; the cron route sends the rest.
     */
    const EVENT_FLUSH_ITEMS = 5;
    const EVENT_FLUSH_SECONDS = 1;

    /** Bounds of one cron flush. */
    const CRON_FLUSH_ITEMS = 500;
    const CRON_FLUSH_SECONDS = 20;

    /** @var int how many API writes are running in this PHP request */
    private static $suppressed = 0;

    /** @var SynclaneSettings */
    private $settings;

    /** @var SynclaneHookPoster */
    private $poster;

    /** @var SynclaneOutbox */
    private $outbox;

    /** @var SynclaneState */
    private $state;

    /** @var object OpenCart's Log */
    private $log;

    public function __construct(SynclaneSettings $settings, SynclaneTransport $transport, SynclaneOutbox $outbox, SynclaneState $state, $log)
    {
        $this->settings = $settings;
        $this->poster = new SynclaneHookPoster($settings, $transport, $state);
        $this->outbox = $outbox;
        $this->state = $state;
        $this->log = $log;
    }

    /**
     * Runs an API write with outgoing events switched off: Synclane made the
     * change, so telling it about the change would only echo it back.
     *
     * @return mixed what $write returns
     */
    public static function withoutEvents(callable $write)
    {
        self::$suppressed++;
        try {
            return $write();
        } finally {
            self::$suppressed--;
        }
    }

    public static function eventsSuppressed(): bool
    {
        return self::$suppressed > 0;
    }

    /**
     * Delivers one event (its "route" names it). Never throws: a failure here
     * is logged, and the order or customer save that fired it goes on.
     *
     * @param array<string, mixed> $event
     */
    public function send(array $event): void
    {
        if (self::eventsSuppressed() || !$this->settings->isActive()) {
            return;
        }
        $route = (string)$event['route'];
        try {
            $body = json_encode($event, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);
            if ($body === false) {
                throw new RuntimeException(json_last_error_msg());
            }
            if (!$this->outbox->isEmpty()) {
                $this->outbox->add($body, 0, '');
                if (!$this->state->isPaused(time())) {
                    $this->flush(self::EVENT_FLUSH_ITEMS, self::EVENT_FLUSH_SECONDS);
                }
                return;
            }
            $result = $this->poster->post($body, $route);
            if ($result->isSuccess()) {
                return;
            }
            if ($result->isRetryable()) {
                $this->outbox->add($body, 1, $result->describe());
                $this->pause($result);
                return;
            }
            $this->drop($route, $result);
        } catch (Throwable $e) {
            $this->log->write('Synclane: event ' . $route . ' lost: ' . $e->getMessage());
        }
    }

    /**
     * Sends the outbox oldest first until it is empty, an item fails, or the
     * bounds are reached. Another request already flushing is left to it.
     *
     * @return array{sent: int, dropped: int, busy: bool, error: string}
     */
    public function flush(int $maxItems, int $maxSeconds): array
    {
        $report = array('sent' => 0, 'dropped' => 0, 'busy' => false, 'error' => '');
        $now = time();
        // The lease outlives the flush: the last POST may start just before
        // the deadline and take a whole timeout.
        $until = $now + $maxSeconds + (int)ceil(SynclaneHookPoster::TIMEOUT_MS / 1000) + 10;
        if (!$this->state->acquireLease($now, $until)) {
            $report['busy'] = true;
            return $report;
        }
        try {
            $deadline = microtime(true) + $maxSeconds;
            for ($i = 0; $i < $maxItems && microtime(true) < $deadline; $i++) {
                $item = $this->outbox->oldest();
                if ($item === null) {
                    break;
                }
                $route = self::routeOf($item['body']);
                $result = $this->poster->post($item['body'], $route);
                if ($result->isRetryable()) {
                    $this->outbox->recordFailure((int)$item['id'], $result->describe());
                    $this->pause($result);
                    $report['error'] = $result->describe();
                    break;
                }
                if ($result->isSuccess()) {
                    $report['sent']++;
                } else {
                    $this->drop($route, $result);
                    $report['dropped']++;
                }
                $this->outbox->remove((int)$item['id']);
            }
            if ($report['error'] === '' && ($report['sent'] > 0 || $report['dropped'] > 0)) {
                $this->state->pauseUntil(0);
            }
        } finally {
            $this->state->releaseLease($until);
        }
        return $report;
    }

    /** Posts the signed `{"route":"synclane/ping"}`; what Synclane answered, for the admin page. */
    public function ping(): SynclaneHttpResult
    {
        return $this->poster->ping();
    }

    /** @return array{last_event: array|null, outbox_size: int} */
    public function status(): array
    {
        return array('last_event' => $this->state->lastEvent(), 'outbox_size' => $this->outbox->count());
    }

    private function pause(SynclaneHttpResult $result): void
    {
        $now = time();
        if (!$this->state->isPaused($now)) {
            $this->log->write('Synclane: not reachable (' . $result->describe() . '); events wait in the outbox');
        }
        $this->state->pauseUntil($now + self::PAUSE_SECONDS);
    }

    private function drop(string $route, SynclaneHttpResult $result): void
    {
        $this->log->write('Synclane: refused event ' . $route . ', dropped (' . $result->describe() . ')');
    }

    private static function routeOf(string $body): string
    {
        $event = json_decode($body, true);
        return is_array($event) && isset($event['route']) ? (string)$event['route'] : '';
    }
}
