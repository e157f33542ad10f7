<?php
// Synclane, OpenCart 4.0: index.php?route=extension/synclane/cron&key=<key> flushes the outbox.
namespace Opencart\Catalog\Controller\Extension\Synclane;

require_once DIR_EXTENSION . 'synclane/system/library/synclane/autoload.php';

class Cron extends \Opencart\System\Engine\Controller
{
    public function index(): void
    {
        $key = isset($this->request->get['key']) ? (string)$this->request->get['key'] : '';
        $response = \SynclaneKit::fromRegistry($this->registry, \SynclaneFlavour::oc4(VERSION))->cron()->run($key);
        $this->response->addHeader($response->statusLine());
        $this->response->addHeader('Content-Type: application/json; charset=utf-8');
        $this->response->setOutput($response->json());
    }
}
