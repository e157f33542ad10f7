<?php
// Synclane, OpenCart 3.0: index.php?route=extension/synclane/cron&key=<key> flushes the outbox.
require_once DIR_SYSTEM . 'library/synclane/autoload.php';

class ControllerExtensionSynclaneCron extends Controller
{
    public function index()
    {
        $key = isset($this->request->get['key']) ? (string)$this->request->get['key'] : '';
        $response = SynclaneKit::fromRegistry($this->registry, SynclaneFlavour::oc3(VERSION))->cron()->run($key);
        $this->response->addHeader($response->statusLine());
        $this->response->addHeader('Content-Type: application/json; charset=utf-8');
        $this->response->setOutput($response->json());
    }
}
