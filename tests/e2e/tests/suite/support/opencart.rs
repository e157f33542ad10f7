//! OpenCart webhook bodies as our extension posts them (numbers as strings,
//! as PHP arrays carry them).

use serde_json::{Value, json};

/// The buyer on an OpenCart order.
#[derive(Clone, Debug)]
pub struct Buyer {
    pub customer_id: i64,
    pub first: &'static str,
    pub last: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
}

pub const ANNA: Buyer = Buyer {
    customer_id: 0,
    first: "Anna",
    last: "Petrova",
    email: "anna@example.com",
    phone: "+7 903 123-45-67",
};
pub const BORIS: Buyer = Buyer {
    customer_id: 17,
    first: "Boris",
    last: "Ivanov",
    email: "boris@example.com",
    phone: "8 (916) 000-11-22",
};
pub const VERA: Buyer = Buyer {
    customer_id: 0,
    first: "Vera",
    last: "Smirnova",
    email: "vera@example.com",
    phone: "+79250001122",
};

/// An order edit event (`checkout/order/addOrderHistory`, OpenCart 3).
pub fn order_event(
    order_id: i64,
    buyer: &Buyer,
    company: Option<&str>,
    status: i64,
    modified: &str,
) -> Value {
    let person = Person {
        customer_id: buyer.customer_id,
        first: buyer.first,
        last: buyer.last,
        email: buyer.email,
        phone: buyer.phone,
    };
    order_body(order_id, &person, company, status, modified)
}

/// The buyer's fields an event carries (borrowed, for generated buyers).
pub struct Person<'a> {
    pub customer_id: i64,
    pub first: &'a str,
    pub last: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
}

/// The body of an order event for any buyer.
pub fn order_body(
    order_id: i64,
    buyer: &Person<'_>,
    company: Option<&str>,
    status: i64,
    modified: &str,
) -> Value {
    json!({
        "route": "checkout/order/addOrderHistory",
        "order_id": order_id.to_string(),
        "order": {
            "order_id": order_id.to_string(),
            "invoice_prefix": "INV-2026-00",
            "store_id": "0",
            "customer_id": buyer.customer_id.to_string(),
            "customer_group_id": "1",
            "firstname": buyer.first,
            "lastname": buyer.last,
            "email": buyer.email,
            "telephone": buyer.phone,
            "payment_firstname": buyer.first,
            "payment_lastname": buyer.last,
            "payment_company": company.unwrap_or(""),
            "payment_address_1": "Lenina 1",
            "payment_address_2": "",
            "payment_city": "Moscow",
            "payment_postcode": "101000",
            "payment_zone": "Moscow",
            "payment_iso_code_2": "RU",
            "shipping_firstname": buyer.first,
            "shipping_lastname": buyer.last,
            "shipping_company": "",
            "shipping_address_1": "Mira 2",
            "shipping_address_2": "",
            "shipping_city": "Moscow",
            "shipping_postcode": "129000",
            "shipping_zone": "Moscow",
            "shipping_iso_code_2": "RU",
            "comment": "",
            "total": "150.0000",
            "order_status_id": status.to_string(),
            "currency_code": "RUB",
            "date_added": "2026-11-20 09:00:00",
            "date_modified": modified
        },
        "products": [
            { "product_id": "40", "name": "iPhone", "model": "product 11", "quantity": "1", "price": "100.0000" },
            { "product_id": "41", "name": "iMac", "model": "product 14", "quantity": 2, "price": 25 }
        ]
    })
}
