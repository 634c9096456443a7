//! Tests of `PgUserRepository` against PostgreSQL.
//!
//! Code between `// codegen:begin` and `// codegen:end` is rewritten by
//! `codegen sync User`; write your own code outside those regions.

// codegen:begin imports
use data_model::{Clock, User};
use sqlx::PgPool;
use storage::{
    Page, Pagination, RepositoryAccess,
    user::{NewUser, UserFilter},
};
use ulid::Ulid;

use crate::context::Context;
// codegen:end imports

// codegen:begin tests
/// The fields of sample number `n`: unique values differ from one `n` to the
/// next, and nullable fields are set for even `n` only. Each referenced
/// entity is added as a fresh sample of its own.
pub fn sample(_cx: &mut Context, n: u8) -> NewUser {
    NewUser {
        username: format!("username-{n}"),
        locked_at: if n.is_multiple_of(2) {
            Some(chrono::DateTime::UNIX_EPOCH + chrono::TimeDelta::days(i64::from(n)))
        } else {
            None
        },
    }
}

/// Add sample number `n`, and the entities it references.
pub async fn add_sample(cx: &mut Context, n: u8) -> User {
    let params = sample(cx, n);
    let item = cx
        .repo
        .user()
        .add(&mut cx.rng, &cx.clock, params)
        .await
        .unwrap();
    cx.tick();
    item
}

/// Add samples `0..count`, in id order.
async fn add_samples(cx: &mut Context, count: u8) -> Vec<User> {
    let mut items = Vec::new();
    for n in 0..count {
        items.push(add_sample(cx, n).await);
    }
    items
}

/// The items of `page`, without their cursors.
fn nodes(page: &Page<User>) -> Vec<User> {
    page.edges.iter().map(|edge| edge.node.clone()).collect()
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn add_then_lookup_round_trips(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let params = sample(&mut cx, 0);

    let item = cx
        .repo
        .user()
        .add(&mut cx.rng, &cx.clock, params.clone())
        .await
        .unwrap();
    assert_eq!(item.created_at, cx.clock.now());
    assert_eq!(item.username, params.username);
    assert_eq!(item.locked_at, params.locked_at);

    let found = cx.repo.user().lookup(item.id).await.unwrap();
    assert_eq!(found, Some(item));
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn lookup_of_a_missing_id_is_none(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    add_sample(&mut cx, 0).await;

    let found = cx.repo.user().lookup(Ulid::nil()).await.unwrap();
    assert_eq!(found, None);
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn find_by_username_finds_the_match(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let items = add_samples(&mut cx, 3).await;
    let target = items[2].clone();

    let found = cx
        .repo
        .user()
        .find_by_username(&target.username)
        .await
        .unwrap();
    assert_eq!(found, Some(target.clone()));

    cx.repo.user().remove(target.clone()).await.unwrap();
    let found = cx
        .repo
        .user()
        .find_by_username(&target.username)
        .await
        .unwrap();
    assert_eq!(found, None);
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn username_is_unique(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let first = add_sample(&mut cx, 0).await;

    let mut params = sample(&mut cx, 2);
    params.username = first.username.clone();
    let error = cx
        .repo
        .user()
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
    let all = UserFilter::new();
    let mut list = async |pagination| cx.repo.user().list(all, pagination).await.unwrap();

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
async fn list_and_count_with_locked_at_present(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let items = add_samples(&mut cx, 4).await;
    let expected: Vec<User> = items
        .iter()
        .filter(|item| item.locked_at.is_some())
        .cloned()
        .collect();
    assert!(!expected.is_empty() && expected.len() < items.len());

    let filter = UserFilter::new().with_locked_at_present(true);
    let page = cx
        .repo
        .user()
        .list(filter, Pagination::first(10))
        .await
        .unwrap();
    assert_eq!(nodes(&page), expected);
    let count = cx.repo.user().count(filter).await.unwrap();
    assert_eq!(count, expected.len());
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn count_counts_every_item(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let all = UserFilter::new();
    assert_eq!(cx.repo.user().count(all).await.unwrap(), 0);

    add_samples(&mut cx, 3).await;
    assert_eq!(cx.repo.user().count(all).await.unwrap(), 3);
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn update_replaces_every_field(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let item = add_sample(&mut cx, 0).await;

    let changes = sample(&mut cx, 1);
    let changed = User {
        username: changes.username,
        locked_at: changes.locked_at,
        ..item.clone()
    };
    assert_ne!(changed, item);
    let updated = cx.repo.user().update(changed.clone()).await.unwrap();
    assert_eq!(updated, changed);

    let found = cx.repo.user().lookup(item.id).await.unwrap();
    assert_eq!(found, Some(changed));
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn update_of_a_missing_item_fails(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let item = add_sample(&mut cx, 0).await;
    cx.repo.user().remove(item.clone()).await.unwrap();

    let result = cx.repo.user().update(item).await;
    assert!(result.is_err());
}

#[sqlx::test(migrator = "storage_pg::MIGRATOR")]
async fn remove_deletes_only_that_item(pool: PgPool) {
    let mut cx = Context::new(&pool).await;
    let kept = add_sample(&mut cx, 0).await;
    let removed = add_sample(&mut cx, 1).await;

    cx.repo.user().remove(removed.clone()).await.unwrap();
    let found = cx.repo.user().lookup(removed.id).await.unwrap();
    assert_eq!(found, None);
    let found = cx.repo.user().lookup(kept.id).await.unwrap();
    assert_eq!(found, Some(kept));

    let result = cx.repo.user().remove(removed).await;
    assert!(result.is_err());
}
// codegen:end tests
