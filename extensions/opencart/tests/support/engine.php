<?php
// Stand-ins for OpenCart's engine classes, shaped like the real ones: the
// registry, and the Controller and Model base classes the adapters extend
// (3.0's global ones and 4.0's namespaced ones).
namespace Opencart\System\Engine {
    class Registry
    {
        private $data = [];

        public function get(string $key): ?object
        {
            return $this->data[$key] ?? null;
        }

        public function set(string $key, object $value): void
        {
            $this->data[$key] = $value;
        }

        public function has(string $key): bool
        {
            return isset($this->data[$key]);
        }
    }

    class Controller
    {
        protected $registry;

        public function __construct(Registry $registry)
        {
            $this->registry = $registry;
        }

        public function __get(string $key): object
        {
            if (!$this->registry->has($key)) {
                throw new \Exception('Error: Could not call registry key ' . $key . '!');
            }
            return $this->registry->get($key);
        }

        public function __set(string $key, object $value): void
        {
            $this->registry->set($key, $value);
        }
    }

    class Model extends Controller
    {
    }
}

namespace {
    class_alias(\Opencart\System\Engine\Registry::class, 'Registry');

    abstract class Controller
    {
        protected $registry;

        public function __construct($registry)
        {
            $this->registry = $registry;
        }

        public function __get($key)
        {
            return $this->registry->get($key);
        }

        public function __set($key, $value)
        {
            $this->registry->set($key, $value);
        }
    }

    abstract class Model extends Controller
    {
    }
}
