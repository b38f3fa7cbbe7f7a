use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;

#[test]
fn exactly_the_documented_transitions_are_allowed() {
    use OrderStatus::*;
    let allowed = [
        (AwaitingApproval, Placed),
        (AwaitingApproval, Declined),
        (AwaitingApproval, Cancelled),
        (Placed, Confirmed),
        (Placed, Cancelled),
        (Confirmed, PartiallyShipped),
        (Confirmed, Shipped),
        (Confirmed, Cancelled),
        (PartiallyShipped, PartiallyShipped),
        (PartiallyShipped, Shipped),
        (Shipped, Delivered),
    ];
    for from in OrderStatus::ALL {
        for to in OrderStatus::ALL {
            let expected = allowed.contains(&(from, to));
            assert_eq!(from.can_become(to), expected, "{from:?} -> {to:?}");
            assert_eq!(from.transition(to).is_ok(), expected);
        }
    }
    assert_eq!(
        Shipped.transition(Cancelled).unwrap_err().message,
        "a shipped order cannot become cancelled"
    );
    assert_eq!(
        Declined.transition(Placed).unwrap_err().message,
        "a declined order cannot become placed"
    );
    assert!(Declined.is_final() && !AwaitingApproval.is_final());
}

#[test]
fn statuses_round_trip_through_their_stored_form() {
    for s in OrderStatus::ALL {
        assert_eq!(OrderStatus::parse(s.as_str()).unwrap(), s);
    }
    assert_eq!(OrderStatus::parse("lost").unwrap_err().field, "status");
}

#[test]
fn a_po_number_is_trimmed_and_bounded() {
    assert_eq!(
        PoNumber::parse(" PO-2026-17 ").unwrap().as_str(),
        "PO-2026-17"
    );
    assert_eq!(PoNumber::parse("").unwrap_err().field, "po_number");
    assert!(PoNumber::parse(&"x".repeat(65)).is_err());
}

fn eur(cents: i64) -> Money {
    Money::new(Decimal::new(cents, 2), Currency::eur())
}

#[test]
fn shipping_tax_is_rounded_once_and_the_total_adds_up() {
    let lines = [LineAmounts {
        net: eur(1000),
        tax: eur(190),
        gross: eur(1190),
    }];
    let t = OrderTotals::compute(&lines, eur(995), Decimal::new(19, 2), &Currency::eur()).unwrap();
    assert_eq!(t.shipping_tax, eur(189));
    assert_eq!(t.tax, eur(379));
    assert_eq!(t.total, eur(2374));
}

#[test]
fn amounts_in_another_currency_are_refused() {
    let chf = Money::new(Decimal::ONE, Currency::parse("CHF").unwrap());
    let lines = [LineAmounts {
        net: chf.clone(),
        tax: chf.clone(),
        gross: chf,
    }];
    let e = OrderTotals::compute(&lines, eur(0), Decimal::ZERO, &Currency::eur()).unwrap_err();
    assert_eq!(e.field, "currency");
}

proptest! {
    #[test]
    fn the_total_is_exactly_subtotal_plus_shipping_plus_tax(
        nets in proptest::collection::vec(0i64..10_000_000, 0..20),
        shipping in 0i64..100_000,
        rate in 0u32..30,
    ) {
        let rate = Decimal::new(i64::from(rate), 2);
        let currency = Currency::eur();
        let lines: Vec<LineAmounts> = nets.iter().map(|n| {
            let net = eur(*n);
            let tax = Money::new(currency.round(net.amount * rate), currency.clone());
            LineAmounts { gross: Money::new(net.amount + tax.amount, currency.clone()), net, tax }
        }).collect();
        let t = OrderTotals::compute(&lines, eur(shipping), rate, &currency).unwrap();
        prop_assert_eq!(t.total.amount, t.subtotal_net.amount + t.shipping_net.amount + t.tax.amount);
        prop_assert!(t.total.amount.scale() <= 2 || t.total.amount == t.total.amount.round_dp(2));
        prop_assert_eq!(t.shipping_tax.amount, t.shipping_tax.amount.round_dp(2));
    }
}

#[test]
fn an_order_is_paid_once_the_payments_reach_its_total() {
    assert_eq!(PaymentStatus::after(0, 100), PaymentStatus::Unpaid);
    assert_eq!(PaymentStatus::after(99, 100), PaymentStatus::Unpaid);
    assert_eq!(PaymentStatus::after(100, 100), PaymentStatus::Paid);
    assert_eq!(PaymentStatus::after(150, 100), PaymentStatus::Paid);
    for s in [PaymentStatus::Unpaid, PaymentStatus::Paid] {
        assert_eq!(PaymentStatus::parse(s.as_str()).unwrap(), s);
    }
    assert!(PaymentStatus::parse("refunded").is_err());
}
