<?php
// Synclane, OpenCart 3.0: the authenticated API, index.php?route=extension/synclane/api (API.md).
require_once DIR_SYSTEM . 'library/synclane/autoload.php';

class ControllerExtensionSynclaneApi extends Controller
{
    public function index()
    {
        $this->load->model('extension/synclane/order');
        $orders = $this->model_extension_synclane_order;
        $api = SynclaneKit::fromRegistry($this->registry, SynclaneFlavour::oc3(VERSION))->api(function ($orderId) use ($orders) {
            return $orders->read($orderId);
        });
        // The raw request: OpenCart's Request HTML-escapes what it holds,
        // and the signature covers the bytes that were sent.
        $response = $api->handle(SynclaneApiRequest::fromGlobals(), time());
        $this->response->addHeader($response->statusLine());
        $this->response->addHeader('Content-Type: application/json; charset=utf-8');
        $this->response->setOutput($response->json());
    }
}
