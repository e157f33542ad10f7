<?php
/**
 * What one POST to Synclane came to: an HTTP status and body, or no answer
 * at all (status 0 and the transport's error).
 */
class SynclaneHttpResult
{
    /** @var int */
    public $status;

    /** @var string */
    public $body;

    /** @var string */
    public $error;

    public function __construct(int $status, string $body, string $error = '')
    {
        $this->status = $status;
        $this->body = $body;
        $this->error = $error;
    }

    public function isSuccess(): bool
    {
        return $this->status >= 200 && $this->status < 300;
    }

    /**
     * Worth sending again later: no answer (refused, timed out), a 5xx, or the
     * two 4xx that mean "not now" (408, 429). Any other 4xx would be refused
     * again, so the event is logged and dropped.
     */
    public function isRetryable(): bool
    {
        return $this->status === 0 || $this->status >= 500 || $this->status === 408 || $this->status === 429;
    }

    /** One line for the shop's log and the outbox's last_error. */
    public function describe(): string
    {
        if ($this->status === 0) {
            return 'no answer: ' . $this->error;
        }
        return 'HTTP ' . $this->status . ': ' . substr(preg_replace('/\s+/', ' ', $this->body), 0, 200);
    }
}
