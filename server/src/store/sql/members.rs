//! A site's moderators as its owners change them: the statements, written once for every
//! backend.

macro_rules! impl_member_store {
    ($store:ident) => {
        pub(super) mod member_store {
            use time::OffsetDateTime;

            use crate::store::members::{Invitation, MemberStore};
            use crate::store::sql::rows::one_row;
            use crate::store::{AuditEntry, StoreError, StoreResult};

            use super::$store;

            type InvitationRow = (String, bool, String, OffsetDateTime);

            fn invitation((site, owner, created_by, expires_at): InvitationRow) -> Invitation {
                Invitation {
                    site,
                    owner,
                    created_by,
                    expires_at,
                }
            }

            #[async_trait::async_trait]
            impl MemberStore for $store {
                async fn remove_from_site(
                    &self,
                    name: &str,
                    site: &str,
                    audit: &AuditEntry,
                ) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    let removed = sqlx::query(
                        "delete from moderator_site where site_id = $2 and moderator_id = \
                         (select moderator_id from moderator where name = $1)",
                    )
                    .bind(name)
                    .bind(site)
                    .execute(&mut *tx)
                    .await?;
                    one_row(removed.rows_affected())?;
                    Self::audit(&mut tx, audit).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn invite(
                    &self,
                    secret_hash: &str,
                    invitation: &Invitation,
                    now: OffsetDateTime,
                ) -> StoreResult<()> {
                    let mut tx = self.writer.begin().await?;
                    sqlx::query("delete from invitation where expires_at < $1")
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(
                        "insert into invitation (secret_hash, site_id, owner, created_by, expires_at) \
                         values ($1, $2, $3, $4, $5)",
                    )
                    .bind(secret_hash)
                    .bind(&invitation.site)
                    .bind(invitation.owner)
                    .bind(&invitation.created_by)
                    .bind(invitation.expires_at)
                    .execute(&mut *tx)
                    .await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn invitation(
                    &self,
                    secret_hash: &str,
                    now: OffsetDateTime,
                ) -> StoreResult<Invitation> {
                    let row: InvitationRow = sqlx::query_as(
                        "select site_id, owner, created_by, expires_at from invitation \
                         where secret_hash = $1 and used_at is null and expires_at > $2",
                    )
                    .bind(secret_hash)
                    .bind(now)
                    .fetch_one(&self.reader)
                    .await?;
                    Ok(invitation(row))
                }

                async fn join(
                    &self,
                    secret_hash: &str,
                    name: &str,
                    password_hash: &str,
                    now: OffsetDateTime,
                ) -> StoreResult<Invitation> {
                    let mut tx = self.writer.begin().await?;
                    let row: InvitationRow = sqlx::query_as(
                        "update invitation set used_at = $2 \
                         where secret_hash = $1 and used_at is null and expires_at > $2 \
                         returning site_id, owner, created_by, expires_at",
                    )
                    .bind(secret_hash)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                    let joined = invitation(row);
                    let taken: Option<(i64,)> =
                        sqlx::query_as("select moderator_id from moderator where name = $1")
                            .bind(name)
                            .fetch_optional(&mut *tx)
                            .await?;
                    if taken.is_some() {
                        return Err(StoreError::Conflict(format!("moderator {name}")));
                    }
                    let (id,): (i64,) = sqlx::query_as(
                        "insert into moderator (name, password_hash, all_sites, created_at) \
                         values ($1, $2, false, $3) returning moderator_id",
                    )
                    .bind(name)
                    .bind(password_hash)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                    sqlx::query(
                        "insert into moderator_site (moderator_id, site_id, owner) values ($1, $2, $3)",
                    )
                    .bind(id)
                    .bind(&joined.site)
                    .bind(joined.owner)
                    .execute(&mut *tx)
                    .await?;
                    let entry = AuditEntry {
                        at: now,
                        actor: name.to_owned(),
                        action: "moderator_joined".to_owned(),
                        site: Some(joined.site.clone()),
                        comment: None,
                        before: None,
                        after: Some(
                            serde_json::json!({
                                "invited_by": joined.created_by,
                                "owner": joined.owner,
                            })
                            .to_string(),
                        ),
                    };
                    Self::audit(&mut tx, &entry).await?;
                    tx.commit().await?;
                    Ok(joined)
                }
            }
        }
    };
}

pub(crate) use impl_member_store;
