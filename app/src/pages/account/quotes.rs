//! `/account/quotes` and `/account/quotes/{number}`: the company's quotes, and one quote with its lines, the back
//! and forth, a comment form, decline, and — once the shop has answered and while its prices hold — checkout's
//! fields to order it at the quoted prices. Plain forms only, so all of it works without JavaScript.

use domain::quotes::{Quote, QuoteStatus, QuoteSummary};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_params_map;

use super::{AccountNav, account_error, date};
use crate::{
    api::{AcceptQuote, CommentQuote, DeclineMyQuote, QuotePage, get_buyer_quote, my_quotes},
    components::{FormError, form_error, query_param},
    pages::{checkout::CheckoutFields, loading},
    seo::Seo,
};

/// `/account/quotes`: every quote of the company, newest first.
#[component]
pub fn QuotesPage() -> impl IntoView {
    let quotes = Resource::new(|| (), |_| my_quotes());
    view! {
        <Seo title="Quotes".into() description="Your quotes.".into() path="/account/quotes".into() noindex=true />
        <h1>"Quotes"</h1>
        <AccountNav current="/account/quotes" />
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match quotes.await {
                    Ok(quotes) if quotes.is_empty() => view! {
                        <p>"No quotes yet. To ask for prices on larger quantities, fill the cart and choose “Ask for a quote” there."</p>
                    }.into_any(),
                    Ok(quotes) => view! { <QuoteTable quotes /> }.into_any(),
                    Err(e) => account_error(e, "/account/quotes"),
                }
            })}
        </Suspense>
    }
}

/// Quotes as a table; the account home shows the open ones with it too.
#[component]
pub(crate) fn QuoteTable(quotes: Vec<QuoteSummary>) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="orders">
                <thead><tr><th>"Quote"</th><th>"Status"</th><th>"Asked by"</th><th class="num">"Lines"</th><th>"Asked"</th><th>"Prices hold until"</th></tr></thead>
                <tbody>
                    {quotes.into_iter().map(|q| view! {
                        <tr data-testid="quote">
                            <td><a href=format!("/account/quotes/{}", q.number)>{q.number.clone()}</a></td>
                            <td>{q.status.label()}</td>
                            <td>{q.requested_by}</td>
                            <td class="num">{q.lines}</td>
                            <td>{date(q.created_at_ms)}</td>
                            <td>{q.valid_until_ms.map(date).unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// `/account/quotes/{number}`: one quote.
#[component]
pub fn QuoteView() -> impl IntoView {
    let number = use_params_map().with_untracked(|p| p.get("number").unwrap_or_default());
    let path = format!("/account/quotes/{number}");
    let saved = query_param("saved").map(|what| match what.as_str() {
        "requested" => "Your request is with us: we answer by email, and here.",
        "commented" => "Your comment is with us.",
        _ => "You declined the quote.",
    });
    let data = Resource::new(move || number.clone(), get_buyer_quote);
    view! {
        <Suspense fallback=loading>
            {move || {
                let path = path.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! {
                            <Seo title=format!("Quote {}", page.quote.number) description="A quote.".into() path=path.clone() noindex=true />
                            <h1>{format!("Quote {}", page.quote.number)}</h1>
                            <AccountNav current="/account/quotes" />
                            {saved.map(|s| view! { <p class="alert" role="status">{s}</p> })}
                            <FormError message=form_error() />
                            <QuoteDetail page />
                        }.into_any(),
                        Err(e) => account_error(e, &path),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn QuoteDetail(page: QuotePage) -> impl IntoView {
    let QuotePage {
        quote,
        can_decide,
        acceptable,
        checkout,
    } = page;
    let open = !quote.status.is_final();
    let number = quote.number.clone();
    let state = match (quote.status, quote.valid_until_ms) {
        (QuoteStatus::Answered, Some(until)) if acceptable => {
            format!("Answered: these prices hold until {}.", date(until))
        }
        (QuoteStatus::Answered, _) => "Answered, but its prices no longer hold.".to_owned(),
        (QuoteStatus::Requested, _) => "Waiting for our answer.".to_owned(),
        (status, _) => format!("{}.", status.label()),
    };
    view! {
        <p class="lead" data-testid="quote-status">{state}</p>
        {quote.order_number.clone().map(|n| view! {
            <p>"It became order "<a href=format!("/account/orders/{n}")>{n.clone()}</a>"."</p>
        })}
        <QuoteLines quote=quote.clone() />
        <Thread quote=quote.clone() />
        {(can_decide && open).then(|| view! {
            <section class="panel" aria-labelledby="comment-heading">
                <h2 id="comment-heading">"Write to us"</h2>
                <form method="post" action=CommentQuote::url() class="stack narrow">
                    <input type="hidden" name="number" value=number.clone() />
                    <label class="field">
                        <span>"Your comment (on an answered quote, it asks us again)"</span>
                        <textarea name="body" required=true maxlength="2000" rows="3"></textarea>
                    </label>
                    <button type="submit" class="button">"Send the comment"</button>
                </form>
                <form method="post" action=DeclineMyQuote::url()>
                    <input type="hidden" name="number" value=number.clone() />
                    <button type="submit" class="button ghost">"Decline the quote"</button>
                </form>
            </section>
        })}
        {checkout.map(|options| view! {
            <section aria-labelledby="accept-heading">
                <h2 id="accept-heading">"Order at these prices"</h2>
                <form method="post" action=AcceptQuote::url() class="checkout">
                    <input type="hidden" name="number" value=number.clone() />
                    <CheckoutFields options priced_shipping=false />
                    <p class="checkout-note">"Shipping and VAT are added to the quoted prices; the confirmation shows every figure. An order beyond your company's limits waits for its approval, as any order does."</p>
                    <button type="submit" class="button primary large">"Accept and place the order"</button>
                </form>
            </section>
        })}
    }
}

#[component]
fn QuoteLines(quote: Quote) -> impl IntoView {
    let total = quote.total();
    view! {
        {(!quote.message.is_empty()).then(|| view! { <p class="quote-message">{format!("Your message: {}", quote.message)}</p> })}
        <div class="table-scroll">
            <table class="order-lines">
                <thead><tr><th>"Product"</th><th class="num">"Qty"</th><th class="num">"Your target"</th><th class="num">"Quoted unit price"</th></tr></thead>
                <tbody>
                    {quote.lines.into_iter().map(|l| view! {
                        <tr>
                            <td>{l.name}<span class="line-variant">{format!(" · {}", l.sku)}</span></td>
                            <td class="num">{l.quantity}</td>
                            <td class="num">{l.target_price.map(|p| p.display()).unwrap_or_default()}</td>
                            <td class="num" data-testid="quoted-price">{l.unit_price.map(|p| p.display()).unwrap_or_else(|| "—".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
                {total.map(|t| view! {
                    <tfoot><tr class="grand-total"><th colspan="3">"Net total"</th><td class="num" data-testid="quote-total">{t.display()}</td></tr></tfoot>
                })}
            </table>
        </div>
    }
}

#[component]
fn Thread(quote: Quote) -> impl IntoView {
    (!quote.comments.is_empty()).then(|| {
        view! {
            <section class="panel" aria-labelledby="thread-heading">
                <h2 id="thread-heading">"Back and forth"</h2>
                <ol class="timeline">
                    {quote.comments.into_iter().map(|c| view! {
                        <li>
                            <strong>{if c.from_shop { "Us".to_owned() } else { c.author }}</strong>
                            {format!(" on {}: ", date(c.at_ms))}
                            {c.body}
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        }
    })
}
