<?php
// Synclane, OpenCart 4.0: the authenticated API, index.php?route=extension/synclane/api (API.md).
namespace Opencart\Catalog\Controller\Extension\Synclane;

require_once DIR_EXTENSION . 'synclane/system/library/synclane/autoload.php';

class Api extends \Opencart\System\Engine\Controller
{
    public function index(): void
    {
        $this->load->model('extension/synclane/order');
        $orders = $this->model_extension_synclane_order;
        $api = \SynclaneKit::fromRegistry($this->registry, \SynclaneFlavour::oc4(VERSION))
            ->api(fn (int $orderId): ?array => $orders->read($orderId));
        // The raw request: OpenCart's Request HTML-escapes what it holds,
        // and the signature covers the bytes that were sent.
        $response = $api->handle(\SynclaneApiRequest::fromGlobals(), time());
        $this->response->addHeader($response->statusLine());
        $this->response->addHeader('Content-Type: application/json; charset=utf-8');
        $this->response->setOutput($response->json());
    }
}
