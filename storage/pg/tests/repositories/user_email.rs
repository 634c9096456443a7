//! Tests of `PgUserEmailRepository` against PostgreSQL.
//!
//! Code between `// codegen:begin` and `// codegen:end` is rewritten by
//! `codegen sync UserEmail`; write your own code outside those regions.

// codegen:begin imports
use data_model::{Clock, UserEmail};
use sqlx::PgPool;
use storage::{
    Page, Pagination, RepositoryAccess,
    user_email::{NewUserEmail, UserEmailFilter},
};
use ulid::Ulid;

use crate::context::Context;
// codegen:end imports

// codegen:begin tests
/// The fields of sample number `n`: unique values differ from one `n` to the
/// next, and nullable fields are set for even `n` only. Each referenced
/// entity is added as a fresh sample of its own.
pub async fn sample(cx: &mut Context, n: u8) -> NewUserEmail {
    NewUserEmail {
        email: format!("email-{n}"),
        user_id: {
            let fresh = cx.fresh_sample();
            crate::user::add_sample(cx, fresh).await.id
        },
        confirmed_at: if n.is_multiple_of(2) {
            Some(chrono::DateTime::UNIX_EPOCH + chrono::TimeDelta::days(i64::from(n)))
        } else {
            None
        },
    }
}

/// Add sample number `n`, and the entities it references.
pub async fn add_sample(cx: &mut Context, n: u8) -> UserEmail {
    let params = sample(cx, n).await;
    let item = cx
        .repo
        .user_email()
        .add(&mut cx.rng, &cx.clock, params)
        .await
        .unwrap();
    cx.tick();
    item
}

/// Add samples `0..count`, in id order.
async fn add_samples(cx: &mut Context, count: u8) -> Vec<UserEmail> {
    let mut items = Vec::new();
    for n in 0..count {
        items.push(add_sample(cx, n).await);
    }
    items
}

/// The items of `page`, without their cursors.
fn nodes(page: &Page<UserEmail>) -> Vec<UserEmail> {
    page.edges.iter().map(|edge| edge.node.clone()).collect()
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn add_then_lookup_round_trips(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let params = sample(&mut cx, 0).await;

    let item = cx
        .repo
        .user_email()
        .add(&mut cx.rng, &cx.clock, params.clone())
        .await
        .unwrap();
    assert_eq!(item.created_at, cx.clock.now());
    assert_eq!(item.email, params.email);
    assert_eq!(item.user_id, params.user_id);
    assert_eq!(item.confirmed_at, params.confirmed_at);

    let found = cx.repo.user_email().lookup(item.id).await.unwrap();
    assert_eq!(found, Some(item));
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn lookup_of_a_missing_id_is_none(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    add_sample(&mut cx, 0).await;

    let found = cx.repo.user_email().lookup(Ulid::nil()).await.unwrap();
    assert_eq!(found, None);
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn find_by_email_finds_the_match(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let items = add_samples(&mut cx, 3).await;
    let target = items[2].clone();

    let found = cx
        .repo
        .user_email()
        .find_by_email(&target.email)
        .await
        .unwrap();
    assert_eq!(found, Some(target.clone()));

    cx.repo.user_email().remove(target.clone()).await.unwrap();
    let found = cx
        .repo
        .user_email()
        .find_by_email(&target.email)
        .await
        .unwrap();
    assert_eq!(found, None);
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn email_is_unique(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let first = add_sample(&mut cx, 0).await;

    let mut params = sample(&mut cx, 2).await;
    params.email = first.email.clone();
    let error = cx
        .repo
        .user_email()
        .add(&mut cx.rng, &cx.clock, params)
        .await
        .unwrap_err();
    // SQLSTATE 23505, unique_violation, as the driver's error reports it
    // however many errors wrap it.
    assert!(
        format!("{error:?}").contains(r#"code: "23505""#),
        "{error:?}"
    );
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn list_paginates_forwards_and_backwards(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let items = add_samples(&mut cx, 5).await;
    let all = UserEmailFilter::new();
    let mut list = async |pagination| cx.repo.user_email().list(all, pagination).await.unwrap();

    let page = list(Pagination::first(2)).await;
    assert_eq!(nodes(&page), items[0..2]);
    assert!(page.has_next_page);

    let page = list(Pagination::first(2).after(page.edges.last().unwrap().cursor)).await;
    assert_eq!(nodes(&page), items[2..4]);
    assert!(page.has_next_page);

    let page = list(Pagination::first(2).after(page.edges.last().unwrap().cursor)).await;
    assert_eq!(nodes(&page), items[4..5]);
    assert!(!page.has_next_page);

    let page = list(Pagination::last(2)).await;
    assert_eq!(nodes(&page), items[3..5]);
    assert!(page.has_previous_page);

    let page = list(Pagination::last(2).before(page.edges[0].cursor)).await;
    assert_eq!(nodes(&page), items[1..3]);
    assert!(page.has_previous_page);

    let page = list(Pagination::last(2).before(page.edges[0].cursor)).await;
    assert_eq!(nodes(&page), items[0..1]);
    assert!(!page.has_previous_page);

    let page = list(Pagination::first(10).after(items[0].id).before(items[4].id)).await;
    assert_eq!(nodes(&page), items[1..4]);
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn list_and_count_for_user(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let items = add_samples(&mut cx, 4).await;
    let target = cx
        .repo
        .user()
        .lookup(items[0].user_id)
        .await
        .unwrap()
        .unwrap();
    let expected: Vec<UserEmail> = items
        .iter()
        .filter(|item| item.user_id == target.id)
        .cloned()
        .collect();
    assert!(!expected.is_empty() && expected.len() < items.len());

    let filter = UserEmailFilter::new().for_user(&target);
    let page = cx
        .repo
        .user_email()
        .list(filter, Pagination::first(10))
        .await
        .unwrap();
    assert_eq!(nodes(&page), expected);
    let count = cx.repo.user_email().count(filter).await.unwrap();
    assert_eq!(count, expected.len());
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn list_and_count_with_confirmed_at_present(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let items = add_samples(&mut cx, 4).await;
    let expected: Vec<UserEmail> = items
        .iter()
        .filter(|item| item.confirmed_at.is_some())
        .cloned()
        .collect();
    assert!(!expected.is_empty() && expected.len() < items.len());

    let filter = UserEmailFilter::new().with_confirmed_at_present(true);
    let page = cx
        .repo
        .user_email()
        .list(filter, Pagination::first(10))
        .await
        .unwrap();
    assert_eq!(nodes(&page), expected);
    let count = cx.repo.user_email().count(filter).await.unwrap();
    assert_eq!(count, expected.len());
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn count_counts_every_item(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let all = UserEmailFilter::new();
    assert_eq!(cx.repo.user_email().count(all).await.unwrap(), 0);

    add_samples(&mut cx, 3).await;
    assert_eq!(cx.repo.user_email().count(all).await.unwrap(), 3);
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn update_replaces_every_field(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let item = add_sample(&mut cx, 0).await;

    let changes = sample(&mut cx, 1).await;
    let changed = UserEmail {
        email: changes.email,
        user_id: changes.user_id,
        confirmed_at: changes.confirmed_at,
        ..item.clone()
    };
    assert_ne!(changed, item);
    let updated = cx.repo.user_email().update(changed.clone()).await.unwrap();
    assert_eq!(updated, changed);

    let found = cx.repo.user_email().lookup(item.id).await.unwrap();
    assert_eq!(found, Some(changed));
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn update_of_a_missing_item_fails(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let item = add_sample(&mut cx, 0).await;
    cx.repo.user_email().remove(item.clone()).await.unwrap();

    let result = cx.repo.user_email().update(item).await;
    assert!(result.is_err());
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn remove_deletes_only_that_item(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let kept = add_sample(&mut cx, 0).await;
    let removed = add_sample(&mut cx, 1).await;

    cx.repo.user_email().remove(removed.clone()).await.unwrap();
    let found = cx.repo.user_email().lookup(removed.id).await.unwrap();
    assert_eq!(found, None);
    let found = cx.repo.user_email().lookup(kept.id).await.unwrap();
    assert_eq!(found, Some(kept));

    let result = cx.repo.user_email().remove(removed).await;
    assert!(result.is_err());
}
// codegen:end tests
