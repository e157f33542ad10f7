<?php
/**
 * Posts signed bodies to the tenant's hook, `POST {base_url}/hooks/{tenant}/opencart`,
 * and records each event's outcome for the admin status line.
 */
class SynclaneHookPoster
{
    /** Connect + total timeout of one event POST. */
    const TIMEOUT_MS = 1000;

    /** The admin "Test connection" button may wait longer: a person is watching. */
    const PING_TIMEOUT_MS = 5000;

    const PING_BODY = '{"route":"synclane/ping"}';

    /** @var SynclaneSettings */
    private $settings;

    /** @var SynclaneTransport */
    private $transport;

    /** @var SynclaneState */
    private $state;

    public function __construct(SynclaneSettings $settings, SynclaneTransport $transport, SynclaneState $state)
    {
        $this->settings = $settings;
        $this->transport = $transport;
        $this->state = $state;
    }

    /** Posts one event body; $route names it in the status line. */
    public function post(string $body, string $route): SynclaneHttpResult
    {
        $result = $this->transport->post($this->settings->hookUrl(), $this->headers($body), $body, self::TIMEOUT_MS);
        $this->state->recordLastEvent(array(
            'at' => date('Y-m-d H:i:s'),
            'route' => $route,
            'status' => $result->status,
            'error' => $result->isSuccess() ? '' : $result->describe(),
        ));
        return $result;
    }

    /** Posts the signed ping; not an event, so not recorded. */
    public function ping(): SynclaneHttpResult
    {
        return $this->transport->post($this->settings->hookUrl(), $this->headers(self::PING_BODY), self::PING_BODY, self::PING_TIMEOUT_MS);
    }

    /** @return array<int, string> */
    private function headers(string $body): array
    {
        return array(
            'Content-Type: application/json',
            'X-Synclane-Signature: ' . SynclaneSigner::bodySignature($this->settings->secret(), $body),
            'User-Agent: Synclane-OpenCart/' . SynclaneClient::VERSION,
        );
    }
}
