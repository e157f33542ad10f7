<?php
// Stand-ins for the OpenCart models the adapters load, and the loader that
// hands them out.

/** admin/model/setting/event, recording each call as the adapter made it. */
final class FakeEventModel
{
    public $added = [];
    public $deleted = [];

    public function addEvent(...$args): int
    {
        $this->added[] = $args;
        return count($this->added);
    }

    public function deleteEventByCode(string $code): void
    {
        $this->deleted[] = $code;
    }
}

final class FakeSettingModel
{
    public $saved = [];

    public function editSetting(string $code, array $data): void
    {
        $this->saved[$code] = $data;
    }
}

/**
 * catalog/model/checkout/order: getOrder() as the shop returns it (the row
 * plus the countries' ISO codes), the products under 3.0's and 4.0's names.
 */
final class FakeCheckoutOrderModel
{
    private $db;
    private $major;

    public function __construct(FakeDb $db, int $major)
    {
        $this->db = $db;
        $this->major = $major;
    }

    public function getOrder($orderId)
    {
        $query = $this->db->query("SELECT o.*, COALESCE(pc.iso_code_2, '') AS payment_iso_code_2, COALESCE(sc.iso_code_2, '') AS shipping_iso_code_2 "
            . "FROM oc_order o LEFT JOIN oc_country pc ON pc.country_id = o.payment_country_id LEFT JOIN oc_country sc ON sc.country_id = o.shipping_country_id "
            . "WHERE o.order_id = " . (int)$orderId);
        if (!$query->num_rows) {
            return $this->major === 3 ? false : [];
        }
        return $query->row;
    }

    public function getOrderProducts($orderId): array
    {
        return $this->db->rows("SELECT * FROM oc_order_product WHERE order_id = " . (int)$orderId . " ORDER BY order_product_id");
    }

    public function getProducts(int $orderId): array
    {
        return $this->getOrderProducts($orderId);
    }
}

/**
 * The loader: model() puts models in the registry under model_<route>;
 * view() returns the template name and data as JSON for the tests to read.
 */
final class FakeLoader
{
    private $registry;
    private $major;

    public function __construct($registry, int $major)
    {
        $this->registry = $registry;
        $this->major = $major;
    }

    public function model(string $route): void
    {
        $key = 'model_' . str_replace('/', '_', $route);
        if ($this->registry->has($key)) {
            return;
        }
        switch ($route) {
            case 'checkout/order':
                $model = new FakeCheckoutOrderModel($this->registry->get('db'), $this->major);
                break;
            case 'setting/event':
                $model = new FakeEventModel();
                break;
            case 'setting/setting':
                $model = new FakeSettingModel();
                break;
            case 'extension/synclane/order':
                if ($this->major === 3) {
                    require_once SYNCLANE_SRC . '/oc3/catalog/model/extension/synclane/order.php';
                    $model = new ModelExtensionSynclaneOrder($this->registry);
                } else {
                    require_once SYNCLANE_SRC . '/oc4/catalog/model/order.php';
                    $model = new Opencart\Catalog\Model\Extension\Synclane\Order($this->registry);
                }
                break;
            default:
                throw new LogicException('the stand-in has no model ' . $route);
        }
        $this->registry->set($key, $model);
    }

    public function language(string $route): array
    {
        $_ = [];
        require SYNCLANE_SRC . '/lang/en-gb/synclane.php';
        $this->registry->get('language')->data = $_;
        return $_;
    }

    public function view(string $template, array $data): string
    {
        return json_encode(['template' => $template, 'data' => $data]);
    }

    public function controller(string $route): string
    {
        return '';
    }
}
