//! `/admin/quotes/{number}`: one quote as the shop works it — who asked, their message, the lines with the target
//! and quoted prices, the back and forth — and, while it is open, forms to answer, comment and decline.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use domain::{
    Money,
    quotes::{Quote, QuoteComment, QuoteStatus},
};

use crate::{
    admin::{
        admin_error,
        quotes_api::{AdminAnswerQuote, AdminCommentQuote, AdminDeclineQuote, get_admin_quote},
        timestamp,
    },
    components::{FormError, form_error, query_param},
};

/// One quote; needs `orders:read`, and `orders:write` for its forms.
#[component]
pub fn QuoteDesk() -> impl IntoView {
    let number = use_params_map().with_untracked(|p| p.get("number").unwrap_or_default());
    let saved = query_param("saved").map(|what| match what.as_str() {
        "answered" => "Sent the answer; the buyer has been emailed.",
        "declined" => "Declined the quote; the buyer has been emailed.",
        _ => "Added the comment; the buyer has been emailed.",
    });
    let error = form_error();
    let data = Resource::new(move || number.clone(), get_admin_quote);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let error = error.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(view) => {
                            let quote = view.quote;
                            let title = format!("Quote {}", quote.number);
                            // Accepted, declined and expired quotes are history: nothing to answer any more.
                            let open = matches!(quote.status, QuoteStatus::Requested | QuoteStatus::Answered);
                            let message = if quote.message.is_empty() {
                                "The buyer wrote no message.".to_owned()
                            } else {
                                quote.message.clone()
                            };
                            view! {
                                <Title text=title.clone() />
                                <p><a href="/admin/quotes">"← Quotes"</a></p>
                                <h1>{title}</h1>
                                {saved.map(|s| view! { <p class="alert" role="status">{s}</p> })}
                                <FormError message=error />
                                <Summary quote=quote.clone() />
                                <h2>"The buyer's message"</h2>
                                <p>{message}</p>
                                <Lines quote=quote.clone() />
                                <Comments comments=quote.comments.clone() />
                                {(view.can_write && open).then(|| view! {
                                    <Answer quote=quote.clone() valid_until=view.valid_until.clone() />
                                    <CommentOrDecline number=quote.number.clone() />
                                })}
                            }
                            .into_any()
                        }
                        Err(e) => admin_error(e),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Summary(quote: Quote) -> impl IntoView {
    let company = quote
        .company
        .clone()
        .unwrap_or_else(|| "Private buyer".into());
    let valid_until = quote
        .valid_until_ms
        .map(domain::calendar_day)
        .unwrap_or_else(|| "Not answered yet".into());
    let total = quote
        .total()
        .map(|t| t.display())
        .unwrap_or_else(|| "Not priced yet".into());
    view! {
        <dl class="facts">
            <dt>"Status"</dt><dd>{quote.status.label()}</dd>
            <dt>"Asked"</dt><dd>{timestamp(quote.created_at_ms)}</dd>
            <dt>"Company"</dt><dd>{company}</dd>
            <dt>"Requested by"</dt><dd>{quote.requested_by.clone()}</dd>
            <dt>"Valid until"</dt><dd>{valid_until}</dd>
            <dt>"Quoted total (net)"</dt><dd>{total}</dd>
            {quote.order_number.clone().map(|n| view! {
                <dt>"Order"</dt>
                <dd><a href=format!("/admin/orders/{n}")>{n.clone()}</a></dd>
            })}
        </dl>
    }
}

fn price(money: &Option<Money>) -> String {
    money.as_ref().map(Money::display).unwrap_or_default()
}

#[component]
fn Lines(quote: Quote) -> impl IntoView {
    view! {
        <h2>"Lines"</h2>
        <div class="table-scroll">
            <table>
                <thead><tr>
                    <th>"SKU"</th><th>"Item"</th><th class="num">"Quantity"</th>
                    <th class="num">"Target price"</th><th class="num">"Quoted unit price"</th>
                </tr></thead>
                <tbody>
                    {quote.lines.into_iter().map(|l| view! {
                        <tr>
                            <td>{l.sku}</td>
                            <td>{l.name}</td>
                            <td class="num">{l.quantity}</td>
                            <td class="num nowrap">{price(&l.target_price)}</td>
                            <td class="num nowrap">{price(&l.unit_price)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Comments(comments: Vec<QuoteComment>) -> impl IntoView {
    let thread = if comments.is_empty() {
        view! { <p>"No comments yet."</p> }.into_any()
    } else {
        view! {
            <ol class="timeline">
                {comments.into_iter().map(|c| view! {
                    <li>
                        <span class="nowrap">{timestamp(c.at_ms)}</span>" "
                        <strong>{c.author}</strong>
                        {if c.from_shop { " (shop)" } else { " (buyer)" }}
                        <p>{c.body}</p>
                    </li>
                }).collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <h2>"Comments"</h2>
        {thread}
    }
}

/// The answer: a price per line (empty leaves the line to the discount), the discount, the date and a comment.
#[component]
fn Answer(quote: Quote, valid_until: String) -> impl IntoView {
    view! {
        <h2>"Answer"</h2>
        <form method="post" action=AdminAnswerQuote::url() class="stack narrow">
            <input type="hidden" name="number" value=quote.number.clone() />
            {quote.lines.iter().enumerate().map(|(i, l)| {
                // Start from what was quoted; failing that, from what the buyer hopes to pay.
                let start = l
                    .unit_price
                    .as_ref()
                    .or(l.target_price.as_ref())
                    .map(|m| m.amount.normalize().to_string())
                    .unwrap_or_default();
                view! {
                    <input type="hidden" name=format!("prices[{i}][sku]") value=l.sku.clone() />
                    <label class="field">
                        <span>{format!("Unit price for {} ({} units)", l.sku, l.quantity)}</span>
                        <input type="text" inputmode="decimal" name=format!("prices[{i}][unit_price]") value=start />
                    </label>
                }
            }).collect_view()}
            <label class="field"><span>"Discount % for lines without a price"</span>
                <input type="text" inputmode="decimal" name="discount_percent" /></label>
            <label class="field"><span>"Valid until"</span>
                <input type="date" name="valid_until" value=valid_until required=true /></label>
            <label class="field"><span>"Comment with the answer (optional)"</span>
                <textarea name="comment" rows="3" maxlength="2000"></textarea></label>
            <button type="submit" class="button primary">"Send the answer"</button>
        </form>
    }
}

/// A comment for the buyer, and declining.
#[component]
fn CommentOrDecline(number: String) -> impl IntoView {
    view! {
        <h2>"Comment"</h2>
        <form method="post" action=AdminCommentQuote::url() class="stack narrow">
            <input type="hidden" name="number" value=number.clone() />
            <label class="field"><span>"Comment for the buyer"</span>
                <textarea name="body" rows="3" maxlength="2000" required=true></textarea></label>
            <button type="submit" class="button">"Add comment"</button>
        </form>
        <h2>"Decline"</h2>
        <form method="post" action=AdminDeclineQuote::url() class="stack narrow">
            <input type="hidden" name="number" value=number.clone() />
            <label class="field"><span>"Why (optional, for the buyer)"</span>
                <textarea name="comment" rows="2" maxlength="2000"></textarea></label>
            <button type="submit" class="button danger">"Decline the quote"</button>
        </form>
    }
}
